package io.runnel.coordinator.record;

import io.runnel.coordinator.assignor.TopicPartitionSet;
import java.util.Objects;

/**
 * A member's reconciliation state: the epoch it runs at, the partitions it may use now and those it must still
 * release. A partition is owned by the member whose record lists it as assigned or pending revocation, and is
 * never given to another member while owned.
 *
 * @param memberEpoch the member's epoch; -2 marks a static member that left temporarily and keeps its partitions
 * @param previousMemberEpoch the epoch before the last bump (a heartbeat at that epoch is still accepted when its
 *     response may have been lost)
 */
public record ConsumerGroupCurrentAssignmentValue(
        int memberEpoch,
        int previousMemberEpoch,
        MemberState state,
        TopicPartitionSet assigned,
        TopicPartitionSet pendingRevocation)
        implements RecordValue {

    public ConsumerGroupCurrentAssignmentValue {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(assigned, "assigned");
        Objects.requireNonNull(pendingRevocation, "pendingRevocation");
    }
}
