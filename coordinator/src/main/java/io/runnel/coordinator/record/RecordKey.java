package io.runnel.coordinator.record;

/**
 * The key of a {@code __consumer_offsets} record. Compaction keeps the last record per key, so the key is exactly
 * what identifies one piece of state. Every key belongs to one group.
 */
public sealed interface RecordKey
        permits OffsetCommitKey,
                ClassicGroupKey,
                ConsumerGroupMetadataKey,
                ConsumerGroupMemberKey,
                ConsumerGroupTargetAssignmentMetadataKey,
                ConsumerGroupTargetAssignmentMemberKey,
                ConsumerGroupCurrentAssignmentKey {

    RecordType type();

    String groupId();
}
