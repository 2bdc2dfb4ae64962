package io.runnel.coordinator.record;

/** The key of a consumer group's epoch and subscription metadata. */
public record ConsumerGroupMetadataKey(String groupId) implements RecordKey {
    @Override
    public RecordType type() {
        return RecordType.CONSUMER_GROUP_METADATA;
    }
}
