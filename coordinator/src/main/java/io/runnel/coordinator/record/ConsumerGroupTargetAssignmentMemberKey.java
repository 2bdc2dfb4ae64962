package io.runnel.coordinator.record;

/** The key of one member's target partitions. */
public record ConsumerGroupTargetAssignmentMemberKey(String groupId, String memberId) implements RecordKey {
    @Override
    public RecordType type() {
        return RecordType.CONSUMER_GROUP_TARGET_ASSIGNMENT_MEMBER;
    }
}
