package io.runnel.coordinator.assignor;

import io.runnel.common.Uuid;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The input of a {@link PartitionAssignor}.
 *
 * @param members the members by member id, iterated in member id order
 * @param partitionCounts the partition count of every subscribed topic that exists
 */
public record AssignmentSpec(SortedMap<String, MemberSpec> members, Map<Uuid, Integer> partitionCounts) {

    public AssignmentSpec {
        members = new TreeMap<>(members);
        partitionCounts = Map.copyOf(partitionCounts);
    }

    /**
     * One member.
     *
     * @param subscribedTopicIds the existing topics it subscribes to (by name or regular expression)
     * @param instanceId its static instance id, or null
     * @param currentTarget its partitions in the previous target assignment
     */
    public record MemberSpec(Set<Uuid> subscribedTopicIds, String instanceId, TopicPartitionSet currentTarget) {
        public MemberSpec {
            subscribedTopicIds = Set.copyOf(subscribedTopicIds);
            Objects.requireNonNull(currentTarget, "currentTarget");
        }
    }
}
