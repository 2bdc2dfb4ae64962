package io.runnel.coordinator.record;

import java.util.Objects;

/**
 * One record of {@code __consumer_offsets}: a key and a value, or a key and no value (a tombstone, which deletes
 * the key's state and lets compaction drop it). Handlers produce these; the host serializes them with {@link
 * RecordSerde}, appends them, and replays them on load.
 *
 * <p>{@code legacyFormat} is true for a record {@link RecordSerde} read in the legacy layout, and for the tombstone
 * that deletes such a record's key in that layout ({@link RecordSerde#serializeLegacyKey}); every other record is
 * written in Kafka's format.
 *
 * <p>Immutable and thread-safe.
 */
public record CoordinatorRecord(RecordKey key, RecordValue value, boolean legacyFormat) {

    public CoordinatorRecord {
        Objects.requireNonNull(key, "key");
    }

    public CoordinatorRecord(RecordKey key, RecordValue value) {
        this(key, value, false);
    }

    public static CoordinatorRecord of(RecordKey key, RecordValue value) {
        return new CoordinatorRecord(key, Objects.requireNonNull(value, "value"));
    }

    public static CoordinatorRecord tombstone(RecordKey key) {
        return new CoordinatorRecord(key, null);
    }

    /** A record read in the legacy layout. */
    public static CoordinatorRecord legacy(RecordKey key, RecordValue value) {
        return new CoordinatorRecord(key, Objects.requireNonNull(value, "value"), true);
    }

    /** A tombstone of the key in the legacy layout. */
    public static CoordinatorRecord legacyTombstone(RecordKey key) {
        return new CoordinatorRecord(key, null, true);
    }

    public boolean isTombstone() {
        return value == null;
    }
}
