package io.runnel.coordinator;

import io.runnel.coordinator.classic.ClassicGroup;
import io.runnel.coordinator.classic.ClassicGroups;
import io.runnel.coordinator.consumer.ConsumerGroup;
import io.runnel.coordinator.consumer.ConsumerGroups;
import io.runnel.coordinator.offset.CommittedOffsets;
import io.runnel.coordinator.record.ClassicGroupKey;
import io.runnel.coordinator.record.ConsumerGroupCurrentAssignmentKey;
import io.runnel.coordinator.record.ConsumerGroupMemberKey;
import io.runnel.coordinator.record.ConsumerGroupMetadataValue;
import io.runnel.coordinator.record.ConsumerGroupTargetAssignmentMemberKey;
import io.runnel.coordinator.record.ConsumerGroupTargetAssignmentMemberValue;
import io.runnel.coordinator.record.ConsumerGroupTargetAssignmentMetadataValue;
import io.runnel.coordinator.record.CoordinatorRecord;
import io.runnel.coordinator.record.OffsetCommitKey;
import io.runnel.coordinator.record.RecordKey;
import io.runnel.coordinator.record.RecordValue;
import io.runnel.coordinator.runtime.Operation;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The keys of a shard whose state was loaded from records of the legacy layout (module README, "Legacy layout").
 * Right after loading, {@link #rewrite} restates each one's live state in Kafka's format followed by the tombstone of
 * its legacy key: compaction keeps the last record per key bytes, so without it a legacy record would never be
 * superseded, and state deleted later would come back once the cleaner dropped the deleting tombstone. After that the
 * cleaner drops the legacy records and Kafka's tools read the whole partition.
 *
 * <p>Not thread-safe: one shard thread.
 */
final class LegacyRecords {

    private final Set<RecordKey> keys = new LinkedHashSet<>();

    /** Tracks a record replayed on load. */
    void onReplay(CoordinatorRecord record) {
        if (record.legacyFormat()) {
            if (record.isTombstone()) {
                keys.remove(record.key());
            } else {
                keys.add(record.key());
            }
        }
    }

    boolean isEmpty() {
        return keys.isEmpty();
    }

    /** Queues, for every tracked key, its live state in Kafka's format (if any) and its legacy tombstone. */
    void rewrite(Operation op, CommittedOffsets offsets, ClassicGroups classic, ConsumerGroups consumer) {
        for (RecordKey key : keys) {
            RecordValue value = liveValue(key, offsets, classic, consumer);
            if (value != null) {
                op.restate(CoordinatorRecord.of(key, value));
            }
            op.restate(CoordinatorRecord.legacyTombstone(key));
        }
        keys.clear();
    }

    private static RecordValue liveValue(
            RecordKey key, CommittedOffsets offsets, ClassicGroups classic, ConsumerGroups consumer) {
        if (key instanceof OffsetCommitKey k) {
            return offsets.get(k.groupId(), k.topic(), k.partition());
        }
        if (key instanceof ClassicGroupKey) {
            ClassicGroup group = classic.get(key.groupId());
            return group == null ? null : group.value();
        }
        ConsumerGroup group = consumer.get(key.groupId());
        if (group == null) {
            return null;
        }
        switch (key.type()) {
            case CONSUMER_GROUP_METADATA:
                return group.hasMetadataRecord()
                        ? new ConsumerGroupMetadataValue(group.groupEpoch(), group.subscribedTopics())
                        : null;
            case CONSUMER_GROUP_TARGET_ASSIGNMENT_METADATA:
                return group.hasTargetAssignmentMetadataRecord()
                        ? new ConsumerGroupTargetAssignmentMetadataValue(group.assignmentEpoch())
                        : null;
            case CONSUMER_GROUP_MEMBER:
                return group.member(((ConsumerGroupMemberKey) key).memberId());
            case CONSUMER_GROUP_TARGET_ASSIGNMENT_MEMBER: {
                String memberId = ((ConsumerGroupTargetAssignmentMemberKey) key).memberId();
                return group.hasTarget(memberId)
                        ? new ConsumerGroupTargetAssignmentMemberValue(group.target(memberId))
                        : null;
            }
            case CONSUMER_GROUP_CURRENT_ASSIGNMENT:
                return group.current(((ConsumerGroupCurrentAssignmentKey) key).memberId());
            default:
                throw new IllegalStateException("unhandled record type " + key.type());
        }
    }
}
