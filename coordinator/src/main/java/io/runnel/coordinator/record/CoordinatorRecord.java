package io.runnel.coordinator.record;

import java.util.Objects;

/**
 * One record of {@code __consumer_offsets}: a key and a value, or a key and no value (a tombstone, which deletes
 * the key's state and lets compaction drop it). Handlers produce these; the host serializes them with {@link
 * RecordSerde}, appends them, and replays them on load.
 *
 * <p>Immutable and thread-safe.
 */
public record CoordinatorRecord(RecordKey key, RecordValue value) {

    public CoordinatorRecord {
        Objects.requireNonNull(key, "key");
    }

    public static CoordinatorRecord of(RecordKey key, RecordValue value) {
        return new CoordinatorRecord(key, Objects.requireNonNull(value, "value"));
    }

    public static CoordinatorRecord tombstone(RecordKey key) {
        return new CoordinatorRecord(key, null);
    }

    public boolean isTombstone() {
        return value == null;
    }
}
