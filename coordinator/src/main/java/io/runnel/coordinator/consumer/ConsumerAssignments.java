package io.runnel.coordinator.consumer;

import io.runnel.common.Uuid;
import io.runnel.coordinator.assignor.AssignmentSpec;
import io.runnel.coordinator.assignor.PartitionAssignor;
import io.runnel.coordinator.assignor.RangeAssignor;
import io.runnel.coordinator.assignor.TopicPartitionSet;
import io.runnel.coordinator.assignor.UniformAssignor;
import io.runnel.coordinator.record.ConsumerGroupCurrentAssignmentValue;
import io.runnel.coordinator.record.ConsumerGroupMemberValue;
import io.runnel.coordinator.record.ConsumerGroupMetadataValue;
import io.runnel.coordinator.record.ConsumerGroupTargetAssignmentMemberKey;
import io.runnel.coordinator.record.ConsumerGroupTargetAssignmentMemberValue;
import io.runnel.coordinator.record.ConsumerGroupTargetAssignmentMetadataValue;
import io.runnel.coordinator.record.CoordinatorRecord;
import io.runnel.coordinator.record.MemberState;
import io.runnel.coordinator.runtime.Operation;
import io.runnel.protocol.message.ConsumerGroupHeartbeatRequestData;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-side assignment of consumer groups (KIP-848): the target assignment of a group at its group epoch,
 * computed with the assignor most of its members prefer (the configured default otherwise) and written as target
 * assignment records, and the reconciliation that moves one member a step towards its target.
 *
 * <p>Invariants: a target assignment is only ever written for the group's current epoch and members, and the
 * target metadata record carries that epoch; reconciliation never gives a member a partition another member still
 * owns, and a member keeps its epoch until it has revoked what it must give up.
 *
 * <p>Not thread-safe: one shard thread, the same as {@link ConsumerGroupManager}'s.
 */
final class ConsumerAssignments {

    private static final Logger log = LoggerFactory.getLogger(ConsumerAssignments.class);

    private final Map<String, PartitionAssignor> assignors = new LinkedHashMap<>();
    private final String defaultAssignor;
    private final ConsumerSubscriptions subscriptions;

    /** @param assignorNames the configured server assignors; the first is the default */
    ConsumerAssignments(List<String> assignorNames, ConsumerSubscriptions subscriptions) {
        for (String name : assignorNames) {
            assignors.put(name, name.equals(RangeAssignor.NAME) ? new RangeAssignor() : new UniformAssignor());
        }
        this.defaultAssignor = assignorNames.get(0);
        this.subscriptions = subscriptions;
    }

    boolean supports(String assignorName) {
        return assignors.containsKey(assignorName);
    }

    Collection<String> names() {
        return assignors.keySet();
    }

    /** Writes the target assignment of the group at its group epoch (the records of members whose target changed). */
    void computeTargetAssignment(Operation op, ConsumerGroup group) {
        String groupId = group.groupId();
        Map<String, Uuid> idsByName = new HashMap<>();
        Map<Uuid, Integer> partitionCounts = new HashMap<>();
        for (ConsumerGroupMetadataValue.SubscribedTopic t : group.subscribedTopics()) {
            idsByName.put(t.name(), t.topicId());
            partitionCounts.put(t.topicId(), t.numPartitions());
        }
        SortedMap<String, AssignmentSpec.MemberSpec> members = new TreeMap<>();
        group.members().forEach((memberId, member) -> {
            Set<Uuid> topicIds = new TreeSet<>();
            for (String name : subscriptions.topicNames(member)) {
                Uuid id = idsByName.get(name);
                if (id != null) {
                    topicIds.add(id);
                }
            }
            members.put(memberId, new AssignmentSpec.MemberSpec(topicIds, member.instanceId(), group.target(memberId)));
        });
        PartitionAssignor assignor = assignors.getOrDefault(preferredAssignor(group), assignors.get(defaultAssignor));
        Map<String, TopicPartitionSet> target = assignor.assign(new AssignmentSpec(members, partitionCounts));
        for (String memberId : group.memberIds()) {
            TopicPartitionSet partitions = target.getOrDefault(memberId, TopicPartitionSet.empty());
            if (!group.hasTarget(memberId) || !group.target(memberId).equals(partitions)) {
                op.write(CoordinatorRecord.of(
                        new ConsumerGroupTargetAssignmentMemberKey(groupId, memberId),
                        new ConsumerGroupTargetAssignmentMemberValue(partitions)));
            }
        }
        op.write(CoordinatorRecord.of(
                ConsumerGroups.targetMetadataKey(groupId),
                new ConsumerGroupTargetAssignmentMetadataValue(group.groupEpoch())));
        log.info(
                "Consumer group {} has a new target assignment at epoch {} ({} assignor)",
                groupId,
                group.groupEpoch(),
                assignor.name());
    }

    /** The assignor most members asked for (ties to the name first in order), or the configured default. */
    String preferredAssignor(ConsumerGroup group) {
        Map<String, Integer> votes = new TreeMap<>();
        for (ConsumerGroupMemberValue member : group.members().values()) {
            if (member.serverAssignor() != null && assignors.containsKey(member.serverAssignor())) {
                votes.merge(member.serverAssignor(), 1, Integer::sum);
            }
        }
        String best = defaultAssignor;
        int bestVotes = 0;
        for (Map.Entry<String, Integer> vote : votes.entrySet()) {
            if (vote.getValue() > bestVotes) {
                best = vote.getKey();
                bestVotes = vote.getValue();
            }
        }
        return best;
    }

    /**
     * The member's next state. A member that must give up partitions keeps its epoch and the partitions it may
     * keep until a heartbeat shows it released the others; then (or if nothing is to be revoked) it moves to the
     * target epoch with every target partition that no other member still owns.
     */
    static ConsumerGroupCurrentAssignmentValue reconcile(
            ConsumerGroup group,
            String memberId,
            ConsumerGroupCurrentAssignmentValue current,
            List<ConsumerGroupHeartbeatRequestData.TopicPartitions> owned) {
        int targetEpoch = group.assignmentEpoch();
        TopicPartitionSet target = group.target(memberId);
        if (current == null) {
            current = new ConsumerGroupCurrentAssignmentValue(
                    0, 0, MemberState.STABLE, TopicPartitionSet.empty(), TopicPartitionSet.empty());
        }
        switch (current.state()) {
            case UNREVOKED_PARTITIONS:
                if (owned == null || toPartitionSet(owned).intersects(current.pendingRevocation())) {
                    return current;
                }
                break;
            case STABLE:
                if (current.memberEpoch() == targetEpoch) {
                    return current;
                }
                break;
            default:
                break;
        }
        TopicPartitionSet assigned = current.assigned();
        TopicPartitionSet keep = assigned.intersect(target);
        TopicPartitionSet revoke = assigned.minus(target);
        if (!revoke.isEmpty()) {
            return new ConsumerGroupCurrentAssignmentValue(
                    current.memberEpoch(),
                    current.previousMemberEpoch(),
                    MemberState.UNREVOKED_PARTITIONS,
                    keep,
                    revoke);
        }
        TopicPartitionSet.Builder next = keep.toBuilder();
        boolean unreleased = false;
        for (Uuid topic : target.topicIds()) {
            for (int p : target.partitions(topic)) {
                if (keep.contains(topic, p)) {
                    continue;
                }
                String owner = group.ownerOf(topic, p);
                if (owner == null || owner.equals(memberId)) {
                    next.add(topic, p);
                } else {
                    unreleased = true;
                }
            }
        }
        int previousEpoch =
                current.memberEpoch() == targetEpoch ? current.previousMemberEpoch() : current.memberEpoch();
        return new ConsumerGroupCurrentAssignmentValue(
                targetEpoch,
                previousEpoch,
                unreleased ? MemberState.UNRELEASED_PARTITIONS : MemberState.STABLE,
                next.build(),
                TopicPartitionSet.empty());
    }

    /** The partitions a heartbeat says the member owns. */
    static TopicPartitionSet toPartitionSet(List<ConsumerGroupHeartbeatRequestData.TopicPartitions> owned) {
        TopicPartitionSet.Builder builder = new TopicPartitionSet.Builder();
        for (ConsumerGroupHeartbeatRequestData.TopicPartitions tp : owned) {
            for (int p : tp.partitions()) {
                builder.add(tp.topicId(), p);
            }
        }
        return builder.build();
    }
}
