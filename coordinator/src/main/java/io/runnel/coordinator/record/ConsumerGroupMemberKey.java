package io.runnel.coordinator.record;

/** The key of a consumer group member's subscription. */
public record ConsumerGroupMemberKey(String groupId, String memberId) implements RecordKey {
    @Override
    public RecordType type() {
        return RecordType.CONSUMER_GROUP_MEMBER;
    }
}
