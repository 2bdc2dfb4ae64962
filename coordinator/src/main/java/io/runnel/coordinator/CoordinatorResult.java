package io.runnel.coordinator;

import io.runnel.coordinator.record.CoordinatorRecord;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What one operation on a {@link GroupCoordinatorShard} produced: the records the host must append to the shard's
 * {@code __consumer_offsets} partition, and the response.
 *
 * <p>The records have already been applied to the shard's state ({@link GroupCoordinatorShard#replay} was called
 * for each); the host only makes them durable and then reports {@link GroupCoordinatorShard#onCommitted(long)}
 * with {@link #writeId()}. The response future completes on the shard thread once the response is known <em>and</em>
 * every record the response may reflect is committed: at once for a read of committed state, after this operation's
 * append for a write, or later still for a JoinGroup or SyncGroup that waits for other members. It always completes
 * normally, with an error code in the response when the request failed (including {@code NOT_COORDINATOR} when the
 * shard is unloaded first).
 *
 * @param records records to append, in order; empty if the operation changed nothing durable
 * @param writeId the id to report to {@code onCommitted} once {@code records} are durable; 0 when there are none
 * @param response the response, for requests; a completed null for timer and metadata events
 */
public record CoordinatorResult<R>(List<CoordinatorRecord> records, long writeId, CompletableFuture<R> response) {

    public CoordinatorResult {
        records = List.copyOf(records);
    }

    public boolean hasRecords() {
        return !records.isEmpty();
    }
}
