package io.runnel.coordinator.record;

/** The value of a {@code __consumer_offsets} record; its type is fixed by the key's {@link RecordType}. */
public sealed interface RecordValue
        permits OffsetCommitValue,
                ClassicGroupValue,
                ConsumerGroupMetadataValue,
                ConsumerGroupMemberValue,
                ConsumerGroupTargetAssignmentMetadataValue,
                ConsumerGroupTargetAssignmentMemberValue,
                ConsumerGroupCurrentAssignmentValue {}
