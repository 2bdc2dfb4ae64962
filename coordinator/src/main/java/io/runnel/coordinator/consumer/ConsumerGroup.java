package io.runnel.coordinator.consumer;

import io.runnel.common.Uuid;
import io.runnel.coordinator.assignor.TopicPartitionSet;
import io.runnel.coordinator.record.ConsumerGroupCurrentAssignmentValue;
import io.runnel.coordinator.record.ConsumerGroupMemberValue;
import io.runnel.coordinator.record.ConsumerGroupMetadataValue;
import io.runnel.coordinator.record.MemberState;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * A consumer (KIP-848) group's durable state, assembled from its records: the group epoch and subscription
 * metadata, each member's subscription, the target assignment and its epoch, and each member's current assignment.
 * Changed only by the {@code replay...} methods, called from {@link ConsumerGroups#replay}.
 *
 * <p>Invariants (given records written by {@link ConsumerGroupManager}): a partition is owned, as assigned or
 * pending revocation, by at most one member ({@link #ownerOf}); a static instance id maps to one member.
 *
 * <p>Not thread-safe: one shard thread.
 */
public final class ConsumerGroup {

    /** The group's state as DescribeGroups/ListGroups name it. */
    public enum State {
        EMPTY("Empty"),
        ASSIGNING("Assigning"),
        RECONCILING("Reconciling"),
        STABLE("Stable");

        private final String displayName;

        State(String displayName) {
            this.displayName = displayName;
        }

        public String displayName() {
            return displayName;
        }
    }

    private final String groupId;
    private int groupEpoch;
    private List<ConsumerGroupMetadataValue.SubscribedTopic> subscribedTopics = List.of();
    private boolean hasMetadataRecord;
    private int assignmentEpoch;
    private boolean hasTargetAssignmentMetadataRecord;
    private final NavigableMap<String, ConsumerGroupMemberValue> members = new TreeMap<>();
    private final Map<String, TopicPartitionSet> targets = new HashMap<>();
    private final Map<String, ConsumerGroupCurrentAssignmentValue> current = new HashMap<>();
    private final Map<String, String> staticMembers = new HashMap<>();
    private final Map<Uuid, Map<Integer, String>> owners = new HashMap<>();

    ConsumerGroup(String groupId) {
        this.groupId = groupId;
    }

    public String groupId() {
        return groupId;
    }

    public int groupEpoch() {
        return groupEpoch;
    }

    public int assignmentEpoch() {
        return assignmentEpoch;
    }

    /** The subscribed topics that existed at the last epoch bump, sorted by name. */
    public List<ConsumerGroupMetadataValue.SubscribedTopic> subscribedTopics() {
        return subscribedTopics;
    }

    public boolean hasMetadataRecord() {
        return hasMetadataRecord;
    }

    public boolean hasTargetAssignmentMetadataRecord() {
        return hasTargetAssignmentMetadataRecord;
    }

    /** Members by id, in id order. */
    public NavigableMap<String, ConsumerGroupMemberValue> members() {
        return Collections.unmodifiableNavigableMap(members);
    }

    public ConsumerGroupMemberValue member(String memberId) {
        return members.get(memberId);
    }

    public boolean hasMember(String memberId) {
        return members.containsKey(memberId);
    }

    public int numMembers() {
        return members.size();
    }

    public boolean isEmpty() {
        return members.isEmpty();
    }

    /** The member's target partitions (empty if none). */
    public TopicPartitionSet target(String memberId) {
        return targets.getOrDefault(memberId, TopicPartitionSet.empty());
    }

    public boolean hasTarget(String memberId) {
        return targets.containsKey(memberId);
    }

    /** The member's current assignment, or null if it has none yet. */
    public ConsumerGroupCurrentAssignmentValue current(String memberId) {
        return current.get(memberId);
    }

    /** The member id of the static member with this instance id, or null. */
    public String staticMemberId(String instanceId) {
        return staticMembers.get(instanceId);
    }

    /** The member owning (assigned or revoking) the partition, or null. */
    public String ownerOf(Uuid topicId, int partition) {
        Map<Integer, String> byPartition = owners.get(topicId);
        return byPartition == null ? null : byPartition.get(partition);
    }

    public State state() {
        if (members.isEmpty()) {
            return State.EMPTY;
        }
        if (groupEpoch != assignmentEpoch) {
            return State.ASSIGNING;
        }
        for (String memberId : members.keySet()) {
            ConsumerGroupCurrentAssignmentValue c = current.get(memberId);
            if (c == null || c.state() != MemberState.STABLE || c.memberEpoch() != assignmentEpoch) {
                return State.RECONCILING;
            }
        }
        return State.STABLE;
    }

    public Set<String> memberIds() {
        return Collections.unmodifiableSet(members.keySet());
    }

    // -------------------------------------------------------------------------------------------- replay

    void replayMetadata(ConsumerGroupMetadataValue value) {
        groupEpoch = value.epoch();
        subscribedTopics = value.subscribedTopics();
        hasMetadataRecord = true;
    }

    void replayMember(String memberId, ConsumerGroupMemberValue value) {
        ConsumerGroupMemberValue previous = value == null ? members.remove(memberId) : members.put(memberId, value);
        if (previous != null
                && previous.instanceId() != null
                && memberId.equals(staticMembers.get(previous.instanceId()))) {
            staticMembers.remove(previous.instanceId());
        }
        if (value != null && value.instanceId() != null) {
            staticMembers.put(value.instanceId(), memberId);
        }
    }

    void replayTargetAssignmentMetadata(Integer epoch) {
        if (epoch == null) {
            assignmentEpoch = 0;
            hasTargetAssignmentMetadataRecord = false;
        } else {
            assignmentEpoch = epoch;
            hasTargetAssignmentMetadataRecord = true;
        }
    }

    void replayTarget(String memberId, TopicPartitionSet partitions) {
        if (partitions == null) {
            targets.remove(memberId);
        } else {
            targets.put(memberId, partitions);
        }
    }

    void replayCurrent(String memberId, ConsumerGroupCurrentAssignmentValue value) {
        ConsumerGroupCurrentAssignmentValue previous =
                value == null ? current.remove(memberId) : current.put(memberId, value);
        if (previous != null) {
            previous.assigned().union(previous.pendingRevocation()).forEach((topic, p) -> {
                Map<Integer, String> byPartition = owners.get(topic);
                if (byPartition != null && memberId.equals(byPartition.get(p))) {
                    byPartition.remove(p);
                    if (byPartition.isEmpty()) {
                        owners.remove(topic);
                    }
                }
            });
        }
        if (value != null) {
            value.assigned().union(value.pendingRevocation()).forEach((topic, p) -> owners.computeIfAbsent(
                            topic, t -> new HashMap<>())
                    .put(p, memberId));
        }
    }

    @Override
    public String toString() {
        return "ConsumerGroup(" + groupId + ", epoch " + groupEpoch + ", assignment epoch " + assignmentEpoch
                + ", members " + members.keySet() + ")";
    }
}
