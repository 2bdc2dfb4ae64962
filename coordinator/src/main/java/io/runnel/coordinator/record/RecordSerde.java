package io.runnel.coordinator.record;

import io.runnel.common.Uuid;
import io.runnel.coordinator.assignor.TopicPartitionSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary layout of {@code __consumer_offsets} records (documented field by field in the module README).
 *
 * <p>A key is an int16 {@link RecordType} id followed by the key's fields. A value is an int16 version followed by
 * that version's fields; a tombstone has no value bytes at all (null). Every value type is at version 0. A later
 * version may add fields at the end; this reader refuses versions newer than it knows with {@link
 * RecordFormatException}, and keys of unknown type with {@link UnknownRecordTypeException} (the loader skips those).
 *
 * <p>Stateless and thread-safe.
 */
public final class RecordSerde {

    /** The newest value version this code writes and reads, for every record type. */
    public static final short VALUE_VERSION = 0;

    public byte[] serializeKey(RecordKey key) {
        BinaryWriter w = new BinaryWriter().writeShort(key.type().id()).writeString(key.groupId());
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
        BinaryWriter w = new BinaryWriter().writeShort(VALUE_VERSION);
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

    /**
     * Reads a record.
     *
     * @param value the value bytes, or null for a tombstone
     * @throws UnknownRecordTypeException when the key's type is unknown
     * @throws RecordFormatException when the bytes are malformed or the value version is too new
     */
    public CoordinatorRecord deserialize(byte[] key, byte[] value) {
        if (key == null) {
            throw new RecordFormatException("__consumer_offsets records must have a key");
        }
        BinaryReader r = new BinaryReader(key);
        short typeId = r.readShort();
        RecordType type = RecordType.forId(typeId);
        if (type == null) {
            throw new UnknownRecordTypeException(typeId);
        }
        String groupId = r.readRequiredString("group id");
        RecordKey recordKey;
        switch (type) {
            case OFFSET_COMMIT:
                recordKey = new OffsetCommitKey(groupId, r.readRequiredString("topic"), r.readInt());
                break;
            case CLASSIC_GROUP:
                recordKey = new ClassicGroupKey(groupId);
                break;
            case CONSUMER_GROUP_METADATA:
                recordKey = new ConsumerGroupMetadataKey(groupId);
                break;
            case CONSUMER_GROUP_MEMBER:
                recordKey = new ConsumerGroupMemberKey(groupId, r.readRequiredString("member id"));
                break;
            case CONSUMER_GROUP_TARGET_ASSIGNMENT_METADATA:
                recordKey = new ConsumerGroupTargetAssignmentMetadataKey(groupId);
                break;
            case CONSUMER_GROUP_TARGET_ASSIGNMENT_MEMBER:
                recordKey = new ConsumerGroupTargetAssignmentMemberKey(groupId, r.readRequiredString("member id"));
                break;
            case CONSUMER_GROUP_CURRENT_ASSIGNMENT:
                recordKey = new ConsumerGroupCurrentAssignmentKey(groupId, r.readRequiredString("member id"));
                break;
            default:
                throw new IllegalStateException("unhandled record type " + type);
        }
        r.expectEnd();
        if (value == null) {
            return CoordinatorRecord.tombstone(recordKey);
        }
        return CoordinatorRecord.of(recordKey, readValue(type, value));
    }

    private RecordValue readValue(RecordType type, byte[] bytes) {
        BinaryReader r = new BinaryReader(bytes);
        short version = r.readShort();
        if (version < 0 || version > VALUE_VERSION) {
            throw new RecordFormatException("unsupported " + type + " value version " + version);
        }
        RecordValue value;
        switch (type) {
            case OFFSET_COMMIT:
                value = new OffsetCommitValue(r.readLong(), r.readInt(), r.readString(), r.readLong(), r.readLong());
                break;
            case CLASSIC_GROUP:
                value = readClassicGroup(r);
                break;
            case CONSUMER_GROUP_METADATA: {
                int epoch = r.readInt();
                int count = r.readCount(28);
                List<ConsumerGroupMetadataValue.SubscribedTopic> topics = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    topics.add(new ConsumerGroupMetadataValue.SubscribedTopic(
                            r.readRequiredString("topic"), r.readUuid(), r.readInt()));
                }
                value = new ConsumerGroupMetadataValue(epoch, topics);
                break;
            }
            case CONSUMER_GROUP_MEMBER: {
                String instanceId = r.readString();
                String rackId = r.readString();
                String clientId = r.readString();
                String clientHost = r.readString();
                int count = r.readCount(4);
                List<String> topics = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    topics.add(r.readRequiredString("topic"));
                }
                value = new ConsumerGroupMemberValue(
                        instanceId, rackId, clientId, clientHost, topics, r.readString(), r.readString(), r.readInt());
                break;
            }
            case CONSUMER_GROUP_TARGET_ASSIGNMENT_METADATA:
                value = new ConsumerGroupTargetAssignmentMetadataValue(r.readInt());
                break;
            case CONSUMER_GROUP_TARGET_ASSIGNMENT_MEMBER:
                value = new ConsumerGroupTargetAssignmentMemberValue(readPartitions(r));
                break;
            case CONSUMER_GROUP_CURRENT_ASSIGNMENT:
                value = new ConsumerGroupCurrentAssignmentValue(
                        r.readInt(),
                        r.readInt(),
                        MemberState.forId(r.readByte()),
                        readPartitions(r),
                        readPartitions(r));
                break;
            default:
                throw new IllegalStateException("unhandled record type " + type);
        }
        r.expectEnd();
        return value;
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

    private static ClassicGroupValue readClassicGroup(BinaryReader r) {
        String protocolType = r.readString();
        int generation = r.readInt();
        String protocolName = r.readString();
        String leader = r.readString();
        ClassicGroupState state = ClassicGroupState.forId(r.readByte());
        long stateTimestamp = r.readLong();
        int memberCount = r.readCount(32);
        List<ClassicGroupValue.Member> members = new ArrayList<>(memberCount);
        for (int i = 0; i < memberCount; i++) {
            String memberId = r.readRequiredString("member id");
            String instanceId = r.readString();
            String clientId = r.readString();
            String clientHost = r.readString();
            int rebalanceTimeout = r.readInt();
            int sessionTimeout = r.readInt();
            int protocolCount = r.readCount(8);
            List<ClassicGroupValue.Protocol> protocols = new ArrayList<>(protocolCount);
            for (int j = 0; j < protocolCount; j++) {
                protocols.add(new ClassicGroupValue.Protocol(r.readRequiredString("protocol name"), r.readBytes()));
            }
            members.add(new ClassicGroupValue.Member(
                    memberId,
                    instanceId,
                    clientId,
                    clientHost,
                    rebalanceTimeout,
                    sessionTimeout,
                    protocols,
                    r.readBytes()));
        }
        return new ClassicGroupValue(protocolType, generation, protocolName, leader, state, stateTimestamp, members);
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

    private static TopicPartitionSet readPartitions(BinaryReader r) {
        int topics = r.readCount(20);
        TopicPartitionSet.Builder builder = new TopicPartitionSet.Builder();
        for (int i = 0; i < topics; i++) {
            Uuid topic = r.readUuid();
            int count = r.readCount(4);
            for (int j = 0; j < count; j++) {
                builder.add(topic, r.readInt());
            }
        }
        return builder.build();
    }
}
