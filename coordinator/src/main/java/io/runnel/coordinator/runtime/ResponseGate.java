package io.runnel.coordinator.runtime;

import io.runnel.coordinator.GroupError;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * Holds responses back until the records they reflect are durable.
 *
 * <p>Each operation that writes records gets the next write id. A response released while write ids up to {@code n}
 * have been issued is sent once the host reports {@link #onCommitted(long) onCommitted(n)} (or at once if that has
 * happened already). Because state is applied before it is durable, this also covers reads: a response that reads
 * state written by an earlier, still uncommitted operation waits for that operation's commit.
 *
 * <p>The gate also tracks every deferred response that has not completed, so that {@link #failAll} can answer all of
 * them when the shard is unloaded.
 *
 * <p>Not thread-safe: one shard thread.
 */
public final class ResponseGate {

    private final ArrayDeque<Gated<?>> gated = new ArrayDeque<>();
    private final Set<Deferred<?>> outstanding = new LinkedHashSet<>();
    private long lastIssuedWriteId;
    private long committedWriteId;

    public <R> Deferred<R> newDeferred(Function<GroupError, R> errorResponse) {
        Deferred<R> deferred = new Deferred<>(errorResponse);
        outstanding.add(deferred);
        return deferred;
    }

    long issueWriteId() {
        return ++lastIssuedWriteId;
    }

    public long lastIssuedWriteId() {
        return lastIssuedWriteId;
    }

    public long committedWriteId() {
        return committedWriteId;
    }

    /** Sends {@code response} once every write issued so far is committed. A deferred is released at most once. */
    public <R> void release(Deferred<R> deferred, R response) {
        if (deferred.isReleased()) {
            return;
        }
        deferred.markReleased();
        if (lastIssuedWriteId <= committedWriteId) {
            complete(deferred, response);
        } else {
            gated.add(new Gated<>(lastIssuedWriteId, deferred, response));
        }
    }

    /** Writes up to {@code writeId} are durable: sends what waited for them. Reports must not go backwards. */
    public void onCommitted(long writeId) {
        if (writeId > lastIssuedWriteId) {
            throw new IllegalArgumentException(
                    "write " + writeId + " was never issued (last issued " + lastIssuedWriteId + ")");
        }
        if (writeId <= committedWriteId) {
            return;
        }
        committedWriteId = writeId;
        while (!gated.isEmpty() && gated.peek().writeId <= committedWriteId) {
            gated.poll().send(this);
        }
    }

    /** Answers every response not yet sent, released or not, with {@code error}. */
    public void failAll(GroupError error) {
        gated.clear();
        Iterator<Deferred<?>> it = outstanding.iterator();
        while (it.hasNext()) {
            Deferred<?> deferred = it.next();
            it.remove();
            failOne(deferred, error);
        }
    }

    /** The number of responses not yet sent. */
    public int outstanding() {
        return outstanding.size();
    }

    private static <R> void failOne(Deferred<R> deferred, GroupError error) {
        deferred.markReleased();
        deferred.future().complete(deferred.errorResponse(error));
    }

    private <R> void complete(Deferred<R> deferred, R response) {
        outstanding.remove(deferred);
        deferred.future().complete(response);
    }

    private static final class Gated<R> {
        final long writeId;
        final Deferred<R> deferred;
        final R response;

        Gated(long writeId, Deferred<R> deferred, R response) {
            this.writeId = writeId;
            this.deferred = deferred;
            this.response = response;
        }

        void send(ResponseGate gate) {
            gate.complete(deferred, response);
        }
    }
}
