package io.runnel.coordinator.consumer;

import io.runnel.coordinator.record.ConsumerGroupCurrentAssignmentKey;
import io.runnel.coordinator.record.ConsumerGroupCurrentAssignmentValue;
import io.runnel.coordinator.record.ConsumerGroupMemberKey;
import io.runnel.coordinator.record.ConsumerGroupMemberValue;
import io.runnel.coordinator.record.ConsumerGroupMetadataKey;
import io.runnel.coordinator.record.ConsumerGroupMetadataValue;
import io.runnel.coordinator.record.ConsumerGroupTargetAssignmentMemberKey;
import io.runnel.coordinator.record.ConsumerGroupTargetAssignmentMemberValue;
import io.runnel.coordinator.record.ConsumerGroupTargetAssignmentMetadataKey;
import io.runnel.coordinator.record.ConsumerGroupTargetAssignmentMetadataValue;
import io.runnel.coordinator.record.CoordinatorRecord;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The consumer groups of one shard. A record for a group that does not exist creates it (after compaction the
 * group's metadata record may come after its member records); the tombstone of its metadata record deletes it,
 * and is written last when a group is deleted.
 *
 * <p>Not thread-safe: one shard thread.
 */
public final class ConsumerGroups {

    private final Map<String, ConsumerGroup> groups = new HashMap<>();

    public void replay(CoordinatorRecord record) {
        String groupId = record.key().groupId();
        switch (record.key().type()) {
            case CONSUMER_GROUP_METADATA:
                if (record.value() == null) {
                    groups.remove(groupId);
                } else {
                    getOrCreate(groupId).replayMetadata((ConsumerGroupMetadataValue) record.value());
                }
                break;
            case CONSUMER_GROUP_MEMBER: {
                String memberId = ((ConsumerGroupMemberKey) record.key()).memberId();
                ConsumerGroup group = record.value() == null ? groups.get(groupId) : getOrCreate(groupId);
                if (group != null) {
                    group.replayMember(memberId, (ConsumerGroupMemberValue) record.value());
                }
                break;
            }
            case CONSUMER_GROUP_TARGET_ASSIGNMENT_METADATA: {
                ConsumerGroup group = record.value() == null ? groups.get(groupId) : getOrCreate(groupId);
                if (group != null) {
                    group.replayTargetAssignmentMetadata(
                            record.value() == null
                                    ? null
                                    : ((ConsumerGroupTargetAssignmentMetadataValue) record.value()).assignmentEpoch());
                }
                break;
            }
            case CONSUMER_GROUP_TARGET_ASSIGNMENT_MEMBER: {
                String memberId = ((ConsumerGroupTargetAssignmentMemberKey) record.key()).memberId();
                ConsumerGroup group = record.value() == null ? groups.get(groupId) : getOrCreate(groupId);
                if (group != null) {
                    group.replayTarget(
                            memberId,
                            record.value() == null
                                    ? null
                                    : ((ConsumerGroupTargetAssignmentMemberValue) record.value()).partitions());
                }
                break;
            }
            case CONSUMER_GROUP_CURRENT_ASSIGNMENT: {
                String memberId = ((ConsumerGroupCurrentAssignmentKey) record.key()).memberId();
                ConsumerGroup group = record.value() == null ? groups.get(groupId) : getOrCreate(groupId);
                if (group != null) {
                    group.replayCurrent(memberId, (ConsumerGroupCurrentAssignmentValue) record.value());
                }
                break;
            }
            default:
                throw new IllegalArgumentException("not a consumer group record: " + record.key());
        }
    }

    public ConsumerGroup get(String groupId) {
        return groups.get(groupId);
    }

    public boolean contains(String groupId) {
        return groups.containsKey(groupId);
    }

    public Collection<ConsumerGroup> all() {
        return Collections.unmodifiableCollection(groups.values());
    }

    private ConsumerGroup getOrCreate(String groupId) {
        return groups.computeIfAbsent(groupId, ConsumerGroup::new);
    }

    static ConsumerGroupMetadataKey metadataKey(String groupId) {
        return new ConsumerGroupMetadataKey(groupId);
    }

    static ConsumerGroupTargetAssignmentMetadataKey targetMetadataKey(String groupId) {
        return new ConsumerGroupTargetAssignmentMetadataKey(groupId);
    }
}
