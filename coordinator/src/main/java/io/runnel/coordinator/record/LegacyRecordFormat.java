package io.runnel.coordinator.record;

import io.runnel.common.Uuid;
import io.runnel.coordinator.assignor.TopicPartitionSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the first layout of {@code __consumer_offsets} records, Runnel's own, written before the records moved to
 * Kafka's formats (module README, "Legacy layout"). Nothing writes it any more; {@link RecordSerde} falls back to it
 * for a key that is not a valid key of Kafka's format, so data directories of earlier versions still load.
 *
 * <p>A key is an int16 type id (0-6, {@link RecordType#legacyId()}) followed by the key's fields; a value an int16
 * version (0) followed by the fields. Integers are big-endian; strings and bytes an int32 length (-1 = null) and the
 * bytes; arrays an int32 count; a uuid two int64. Every read is exact: a key or value with bytes left over, or
 * truncated, is not of this layout.
 *
 * <p>Stateless and thread-safe.
 */
final class LegacyRecordFormat {

    /** The only value version of the legacy layout. */
    static final short VALUE_VERSION = 0;

    private LegacyRecordFormat() {}

    /** The key in the legacy layout: only for the tombstone of a key loaded in it (see {@link RecordSerde}). */
    static byte[] writeKey(RecordKey key) {
        BinaryWriter w = new BinaryWriter().writeShort(key.type().legacyId()).writeString(key.groupId());
        if (key instanceof OffsetCommitKey k) {
            w.writeString(k.topic()).writeInt(k.partition());
        } else if (key instanceof ConsumerGroupMemberKey k) {
            w.writeString(k.memberId());
        } else if (key instanceof ConsumerGroupTargetAssignmentMemberKey k) {
            w.writeString(k.memberId());
        } else if (key instanceof ConsumerGroupCurrentAssignmentKey k) {
            w.writeString(k.memberId());
        }
        return w.toByteArray();
    }

    /**
     * Reads the key in the legacy layout.
     *
     * @return the key, or null when the bytes are not a key of the legacy layout
     */
    static RecordKey readKey(byte[] key) {
        try {
            return parseKey(key);
        } catch (RecordFormatException e) {
            return null;
        }
    }

    private static RecordKey parseKey(byte[] key) {
        BinaryReader r = new BinaryReader(key);
        RecordType type = RecordType.forLegacyId(r.readShort());
        if (type == null) {
            throw new RecordFormatException("not a legacy type");
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
        return recordKey;
    }

    /**
     * Reads a value of the legacy layout.
     *
     * @throws RecordFormatException when the bytes are malformed or the version is not 0
     */
    static RecordValue readValue(RecordType type, byte[] bytes) {
        BinaryReader r = new BinaryReader(bytes);
        short version = r.readShort();
        if (version != VALUE_VERSION) {
            throw new RecordFormatException("unsupported legacy " + type + " value version " + version);
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
