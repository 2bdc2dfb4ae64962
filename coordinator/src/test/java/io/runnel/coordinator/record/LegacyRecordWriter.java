package io.runnel.coordinator.record;

import io.runnel.common.Uuid;
import io.runnel.coordinator.assignor.TopicPartitionSet;

/**
 * The writer of the legacy layout, as Runnel wrote {@code __consumer_offsets} before it moved to Kafka's formats (the
 * serializing half of the former {@code RecordSerde}, kept in test scope only): it produces the partitions an older
 * data directory holds, for the tests that check they still load.
 */
public final class LegacyRecordWriter {

    public byte[] serializeKey(RecordKey key) {
        BinaryWriter w = new BinaryWriter().writeShort(key.type().legacyId()).writeString(key.groupId());
        switch (key.type()) {
            case OFFSET_COMMIT:
                OffsetCommitKey offsetKey = (OffsetCommitKey) key;
                w.writeString(offsetKey.topic()).writeInt(offsetKey.partition());
                break;
            case CONSUMER_GROUP_MEMBER:
                w.writeString(((ConsumerGroupMemberKey) key).memberId());
                break;
            case CONSUMER_GROUP_TARGET_ASSIGNMENT_MEMBER:
                w.writeString(((ConsumerGroupTargetAssignmentMemberKey) key).memberId());
                break;
            case CONSUMER_GROUP_CURRENT_ASSIGNMENT:
                w.writeString(((ConsumerGroupCurrentAssignmentKey) key).memberId());
                break;
            case CLASSIC_GROUP:
            case CONSUMER_GROUP_METADATA:
            case CONSUMER_GROUP_TARGET_ASSIGNMENT_METADATA:
                break;
            default:
                throw new IllegalStateException("unhandled record type " + key.type());
        }
        return w.toByteArray();
    }

    /** The value's bytes, or null for a tombstone. */
    public byte[] serializeValue(RecordValue value) {
        if (value == null) {
            return null;
        }
        BinaryWriter w = new BinaryWriter().writeShort((short) 0);
        if (value instanceof OffsetCommitValue) {
            OffsetCommitValue v = (OffsetCommitValue) value;
            w.writeLong(v.offset())
                    .writeInt(v.leaderEpoch())
                    .writeString(v.metadata())
                    .writeLong(v.commitTimestampMs())
                    .writeLong(v.expireTimestampMs());
        } else if (value instanceof ClassicGroupValue) {
            writeClassicGroup(w, (ClassicGroupValue) value);
        } else if (value instanceof ConsumerGroupMetadataValue) {
            ConsumerGroupMetadataValue v = (ConsumerGroupMetadataValue) value;
            w.writeInt(v.epoch()).writeInt(v.subscribedTopics().size());
            for (ConsumerGroupMetadataValue.SubscribedTopic t : v.subscribedTopics()) {
                w.writeString(t.name()).writeUuid(t.topicId()).writeInt(t.numPartitions());
            }
        } else if (value instanceof ConsumerGroupMemberValue) {
            ConsumerGroupMemberValue v = (ConsumerGroupMemberValue) value;
            w.writeString(v.instanceId())
                    .writeString(v.rackId())
                    .writeString(v.clientId())
                    .writeString(v.clientHost())
                    .writeInt(v.subscribedTopicNames().size());
            for (String topic : v.subscribedTopicNames()) {
                w.writeString(topic);
            }
            w.writeString(v.subscribedTopicRegex())
                    .writeString(v.serverAssignor())
                    .writeInt(v.rebalanceTimeoutMs());
        } else if (value instanceof ConsumerGroupTargetAssignmentMetadataValue) {
            w.writeInt(((ConsumerGroupTargetAssignmentMetadataValue) value).assignmentEpoch());
        } else if (value instanceof ConsumerGroupTargetAssignmentMemberValue) {
            writePartitions(w, ((ConsumerGroupTargetAssignmentMemberValue) value).partitions());
        } else if (value instanceof ConsumerGroupCurrentAssignmentValue) {
            ConsumerGroupCurrentAssignmentValue v = (ConsumerGroupCurrentAssignmentValue) value;
            w.writeInt(v.memberEpoch())
                    .writeInt(v.previousMemberEpoch())
                    .writeByte(v.state().id());
            writePartitions(w, v.assigned());
            writePartitions(w, v.pendingRevocation());
        } else {
            throw new IllegalStateException("unhandled record value " + value.getClass());
        }
        return w.toByteArray();
    }

    private static void writeClassicGroup(BinaryWriter w, ClassicGroupValue v) {
        w.writeString(v.protocolType())
                .writeInt(v.generationId())
                .writeString(v.protocolName())
                .writeString(v.leaderId())
                .writeByte(v.state().id())
                .writeLong(v.stateTimestampMs())
                .writeInt(v.members().size());
        for (ClassicGroupValue.Member m : v.members()) {
            w.writeString(m.memberId())
                    .writeString(m.groupInstanceId())
                    .writeString(m.clientId())
                    .writeString(m.clientHost())
                    .writeInt(m.rebalanceTimeoutMs())
                    .writeInt(m.sessionTimeoutMs())
                    .writeInt(m.protocols().size());
            for (ClassicGroupValue.Protocol p : m.protocols()) {
                w.writeString(p.name()).writeBytes(p.metadata());
            }
            w.writeBytes(m.assignment());
        }
    }

    private static void writePartitions(BinaryWriter w, TopicPartitionSet partitions) {
        w.writeInt(partitions.topicIds().size());
        for (Uuid topic : partitions.topicIds()) {
            w.writeUuid(topic).writeInt(partitions.partitions(topic).size());
            for (int p : partitions.partitions(topic)) {
                w.writeInt(p);
            }
        }
    }
}
