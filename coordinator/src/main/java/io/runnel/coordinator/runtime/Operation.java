package io.runnel.coordinator.runtime;

import io.runnel.coordinator.CoordinatorResult;
import io.runnel.coordinator.record.CoordinatorRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One operation on a shard: a request, a batch of expired timers, a metadata change. Handlers change durable state
 * only through {@link #write}, which applies the record at once (so the rest of the handler sees its effect) and
 * collects it for the host to append. Responses released during the operation are held until it ends, then gated
 * behind its records (see {@link ResponseGate}).
 *
 * <p>Not thread-safe: lives on the shard thread for the duration of one call.
 */
public final class Operation {

    private final ResponseGate gate;
    private final Consumer<CoordinatorRecord> replay;
    private final List<CoordinatorRecord> records = new ArrayList<>();
    private final List<Runnable> releases = new ArrayList<>();
    private boolean finished;

    public Operation(ResponseGate gate, Consumer<CoordinatorRecord> replay) {
        this.gate = gate;
        this.replay = replay;
    }

    /** Applies {@code record} to the shard's state and queues it for appending. */
    public void write(CoordinatorRecord record) {
        checkOpen();
        replay.accept(record);
        records.add(record);
    }

    /** Queues a record that restates state already applied (nothing to replay), e.g. in another format. */
    public void restate(CoordinatorRecord record) {
        checkOpen();
        records.add(record);
    }

    /** Sends {@code response} for {@code deferred} once this operation's records (and all before) are committed. */
    public <R> void release(Deferred<R> deferred, R response) {
        checkOpen();
        releases.add(() -> gate.release(deferred, response));
    }

    public List<CoordinatorRecord> records() {
        return records;
    }

    /** Ends the operation: issues its write id if it wrote, then releases the responses it produced. */
    public <R> CoordinatorResult<R> finish(CompletableFuture<R> response) {
        checkOpen();
        finished = true;
        long writeId = records.isEmpty() ? 0 : gate.issueWriteId();
        for (Runnable release : releases) {
            release.run();
        }
        return new CoordinatorResult<>(records, writeId, response);
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("operation already finished");
        }
    }
}
