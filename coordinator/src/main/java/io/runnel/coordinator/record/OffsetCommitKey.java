package io.runnel.coordinator.record;

/** The key of a committed offset. */
public record OffsetCommitKey(String groupId, String topic, int partition) implements RecordKey {
    @Override
    public RecordType type() {
        return RecordType.OFFSET_COMMIT;
    }
}
