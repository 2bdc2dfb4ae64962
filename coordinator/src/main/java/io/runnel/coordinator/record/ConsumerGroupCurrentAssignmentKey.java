package io.runnel.coordinator.record;

/** The key of one member's current assignment and epoch. */
public record ConsumerGroupCurrentAssignmentKey(String groupId, String memberId) implements RecordKey {
    @Override
    public RecordType type() {
        return RecordType.CONSUMER_GROUP_CURRENT_ASSIGNMENT;
    }
}
