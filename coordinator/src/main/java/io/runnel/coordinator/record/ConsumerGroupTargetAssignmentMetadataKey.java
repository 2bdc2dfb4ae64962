package io.runnel.coordinator.record;

/** The key of a consumer group's target assignment epoch. */
public record ConsumerGroupTargetAssignmentMetadataKey(String groupId) implements RecordKey {
    @Override
    public RecordType type() {
        return RecordType.CONSUMER_GROUP_TARGET_ASSIGNMENT_METADATA;
    }
}
