package io.runnel.coordinator.record;

import io.runnel.coordinator.assignor.TopicPartitionSet;
import java.util.Objects;

/** The partitions the assignor gave one member: where its reconciliation is heading. */
public record ConsumerGroupTargetAssignmentMemberValue(TopicPartitionSet partitions) implements RecordValue {
    public ConsumerGroupTargetAssignmentMemberValue {
        Objects.requireNonNull(partitions, "partitions");
    }
}
