package io.runnel.coordinator.runtime;

import io.runnel.coordinator.GroupError;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A response that is not sent yet: the future the host waits on, and how to answer with an error instead when the
 * shard is unloaded before the response is ready. Created by {@link ResponseGate#newDeferred}; completed only
 * through the gate, so that it never overtakes the records it reflects.
 *
 * <p>Not thread-safe: completed on the shard thread.
 */
public final class Deferred<R> {

    private final CompletableFuture<R> future = new CompletableFuture<>();
    private final Function<GroupError, R> errorResponse;
    private boolean released;

    Deferred(Function<GroupError, R> errorResponse) {
        this.errorResponse = errorResponse;
    }

    public CompletableFuture<R> future() {
        return future;
    }

    /** Whether a response was handed to the gate (it may still wait for a commit). */
    public boolean isReleased() {
        return released;
    }

    /** The response for {@code error}. */
    public R errorResponse(GroupError error) {
        return errorResponse.apply(error);
    }

    void markReleased() {
        released = true;
    }
}
