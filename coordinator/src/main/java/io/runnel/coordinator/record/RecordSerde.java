package io.runnel.coordinator.record;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.runnel.common.Uuid;
import io.runnel.coordinator.assignor.TopicPartitionSet;
import io.runnel.coordinator.message.ConsumerGroupCurrentMemberAssignmentKey;
import io.runnel.coordinator.message.ConsumerGroupCurrentMemberAssignmentValue;
import io.runnel.coordinator.message.ConsumerGroupMemberMetadataKey;
import io.runnel.coordinator.message.ConsumerGroupMemberMetadataValue;
import io.runnel.coordinator.message.ConsumerGroupTargetAssignmentMemberKey;
import io.runnel.coordinator.message.ConsumerGroupTargetAssignmentMemberValue;
import io.runnel.coordinator.message.ConsumerGroupTargetAssignmentMetadataKey;
import io.runnel.coordinator.message.ConsumerGroupTargetAssignmentMetadataValue;
import io.runnel.coordinator.message.GroupMetadataKey;
import io.runnel.coordinator.message.GroupMetadataValue;
import io.runnel.protocol.ApiMessage;
import io.runnel.protocol.Message;
import io.runnel.protocol.MessageDecodeException;
import io.runnel.protocol.RawTaggedField;
import io.runnel.protocol.Wire;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes {@code __consumer_offsets} records in Kafka's own formats, the classes generated from the
 * coordinator record specs of the pinned Kafka release ({@code io.runnel.coordinator.message}), so that Kafka's
 * {@code OffsetsMessageFormatter}/{@code GroupMetadataMessageFormatter} and lag monitors read the topic.
 *
 * <p>A key is the int16 record type ({@link RecordType#kafkaType()}) followed by the key message at version 0; a
 * value is the int16 value version followed by the value message at that version; a tombstone has no value. Versions
 * written: {@code OffsetCommitValue} 3 (1 when the commit carries an explicit expiry, as Kafka does),
 * {@code GroupMetadataValue} 4, every consumer group value 0.
 *
 * <p>What Runnel keeps that Kafka's schemas have no field for travels in tagged fields of the flexible versions, at
 * tag {@value #RUNNEL_TAG} (far above Kafka's own tags, which readers of Kafka's schemas keep as unknown tagged
 * fields): the classic group's state (int8) on {@code GroupMetadataValue}; every protocol a classic member supports
 * (compact array of compact string name, compact bytes metadata) on its {@code MemberMetadata}, whose
 * {@code subscription} holds the chosen protocol's metadata as in Kafka; the subscribed topics' metadata (compact array
 * of compact string name, uuid, int32 partitions) on {@code ConsumerGroupMetadataValue}. Without them (a record of
 * Kafka's), the state is Empty without members and Stable with them, and a member supports the group's protocol.
 *
 * <p>{@link #deserialize} also reads the legacy layout ({@link LegacyRecordFormat}): a key is of Kafka's format when
 * its type is one Runnel writes and the key message reads exactly to the end of the bytes; otherwise it is read as a
 * legacy key. The two cannot be confused: every legacy key starts its first field with an int32 length, whose high
 * 16 bits (zero) Kafka's reading takes as an empty int16-length string, and then never ends exactly at the end.
 *
 * <p>Stateless and thread-safe.
 */
public final class RecordSerde {

    /** The tag of Runnel's tagged fields in Kafka's flexible value versions. */
    public static final int RUNNEL_TAG = 10_000;

    static final short OFFSET_COMMIT_VERSION = 3;
    static final short OFFSET_COMMIT_WITH_EXPIRY_VERSION = 1;
    static final short GROUP_METADATA_VERSION = 4;
    static final short CONSUMER_GROUP_VERSION = 0;

    /**
     * The key of {@code record}: in Kafka's format, or in the legacy layout for the tombstone of a key loaded in it
     * ({@link CoordinatorRecord#legacyFormat()}).
     */
    public byte[] serializeKey(CoordinatorRecord record) {
        return record.legacyFormat() ? serializeLegacyKey(record.key()) : serializeKey(record.key());
    }

    /** The key in Kafka's format. */
    public byte[] serializeKey(RecordKey key) {
        ApiMessage message;
        if (key instanceof OffsetCommitKey k) {
            message = new io.runnel.coordinator.message.OffsetCommitKey()
                    .setGroup(k.groupId())
                    .setTopic(k.topic())
                    .setPartition(k.partition());
        } else if (key instanceof ClassicGroupKey k) {
            message = new GroupMetadataKey().setGroup(k.groupId());
        } else if (key instanceof ConsumerGroupMetadataKey k) {
            message = new io.runnel.coordinator.message.ConsumerGroupMetadataKey().setGroupId(k.groupId());
        } else if (key instanceof ConsumerGroupMemberKey k) {
            message =
                    new ConsumerGroupMemberMetadataKey().setGroupId(k.groupId()).setMemberId(k.memberId());
        } else if (key instanceof io.runnel.coordinator.record.ConsumerGroupTargetAssignmentMetadataKey k) {
            message = new ConsumerGroupTargetAssignmentMetadataKey().setGroupId(k.groupId());
        } else if (key instanceof io.runnel.coordinator.record.ConsumerGroupTargetAssignmentMemberKey k) {
            message = new ConsumerGroupTargetAssignmentMemberKey()
                    .setGroupId(k.groupId())
                    .setMemberId(k.memberId());
        } else if (key instanceof ConsumerGroupCurrentAssignmentKey k) {
            message = new ConsumerGroupCurrentMemberAssignmentKey()
                    .setGroupId(k.groupId())
                    .setMemberId(k.memberId());
        } else {
            throw new IllegalStateException("unhandled record key " + key.getClass());
        }
        return write(key.type().kafkaType(), message, (short) 0);
    }

    /** The value's bytes, or null for a tombstone. */
    public byte[] serializeValue(RecordValue value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetCommitValue v) {
            short version = v.expireTimestampMs() == -1 ? OFFSET_COMMIT_VERSION : OFFSET_COMMIT_WITH_EXPIRY_VERSION;
            return write(
                    version,
                    new io.runnel.coordinator.message.OffsetCommitValue()
                            .setOffset(v.offset())
                            .setLeaderEpoch(version >= 3 ? v.leaderEpoch() : -1)
                            .setMetadata(v.metadata() == null ? "" : v.metadata())
                            .setCommitTimestamp(v.commitTimestampMs())
                            .setExpireTimestamp(version == 1 ? v.expireTimestampMs() : -1),
                    version);
        }
        if (value instanceof ClassicGroupValue v) {
            return write(GROUP_METADATA_VERSION, ClassicGroupMapping.toKafka(v), GROUP_METADATA_VERSION);
        }
        ApiMessage message;
        if (value instanceof ConsumerGroupMetadataValue v) {
            var m = new io.runnel.coordinator.message.ConsumerGroupMetadataValue().setEpoch(v.epoch());
            m.unknownTaggedFields().add(new RawTaggedField(RUNNEL_TAG, subscribedTopics(v.subscribedTopics())));
            message = m;
        } else if (value instanceof ConsumerGroupMemberValue v) {
            message = new ConsumerGroupMemberMetadataValue()
                    .setInstanceId(v.instanceId())
                    .setRackId(v.rackId())
                    .setClientId(v.clientId())
                    .setClientHost(v.clientHost())
                    .setSubscribedTopicNames(new ArrayList<>(v.subscribedTopicNames()))
                    .setSubscribedTopicRegex(v.subscribedTopicRegex())
                    .setServerAssignor(v.serverAssignor())
                    .setRebalanceTimeoutMs(v.rebalanceTimeoutMs());
        } else if (value instanceof io.runnel.coordinator.record.ConsumerGroupTargetAssignmentMetadataValue v) {
            message = new ConsumerGroupTargetAssignmentMetadataValue().setAssignmentEpoch(v.assignmentEpoch());
        } else if (value instanceof io.runnel.coordinator.record.ConsumerGroupTargetAssignmentMemberValue v) {
            List<ConsumerGroupTargetAssignmentMemberValue.TopicPartition> topics = new ArrayList<>();
            for (Uuid topic : v.partitions().topicIds()) {
                topics.add(new ConsumerGroupTargetAssignmentMemberValue.TopicPartition()
                        .setTopicId(topic)
                        .setPartitions(new ArrayList<>(v.partitions().partitions(topic))));
            }
            message = new ConsumerGroupTargetAssignmentMemberValue().setTopicPartitions(topics);
        } else if (value instanceof ConsumerGroupCurrentAssignmentValue v) {
            message = new ConsumerGroupCurrentMemberAssignmentValue()
                    .setMemberEpoch(v.memberEpoch())
                    .setPreviousMemberEpoch(v.previousMemberEpoch())
                    .setState(v.state().id())
                    .setAssignedPartitions(currentPartitions(v.assigned()))
                    .setPartitionsPendingRevocation(currentPartitions(v.pendingRevocation()));
        } else {
            throw new IllegalStateException("unhandled record value " + value.getClass());
        }
        return write(CONSUMER_GROUP_VERSION, message, CONSUMER_GROUP_VERSION);
    }

    /**
     * Reads a record of Kafka's format or of the legacy layout.
     *
     * @param value the value bytes, or null for a tombstone
     * @throws UnknownRecordTypeException when the key's type is not one Runnel uses (a newer or other record type)
     * @throws RecordFormatException when the bytes are malformed or the value version is unsupported
     */
    public CoordinatorRecord deserialize(byte[] key, byte[] value) {
        if (key == null) {
            throw new RecordFormatException("__consumer_offsets records must have a key");
        }
        if (key.length < 2) {
            throw new RecordFormatException("record key truncated");
        }
        short typeId = (short) (((key[0] & 0xff) << 8) | (key[1] & 0xff));
        RecordType type = RecordType.forKafkaType(typeId);
        RecordKey recordKey = type == null ? null : readKafkaKey(type, key);
        if (recordKey != null) {
            return value == null
                    ? CoordinatorRecord.tombstone(recordKey)
                    : CoordinatorRecord.of(recordKey, readKafkaValue(type, value));
        }
        RecordKey legacyKey = LegacyRecordFormat.readKey(key);
        if (legacyKey != null) {
            return value == null
                    ? CoordinatorRecord.legacyTombstone(legacyKey)
                    : CoordinatorRecord.legacy(legacyKey, LegacyRecordFormat.readValue(legacyKey.type(), value));
        }
        if (type != null) {
            throw new RecordFormatException("malformed key of record type " + typeId + " (" + type + ")");
        }
        throw new UnknownRecordTypeException(typeId);
    }

    /**
     * The key in the legacy layout, for the tombstone that deletes a record loaded in that layout (compaction would
     * otherwise keep it after the tombstone of the key in Kafka's format, and it would come back on the next load
     * once that tombstone is cleaned).
     */
    public byte[] serializeLegacyKey(RecordKey key) {
        return LegacyRecordFormat.writeKey(key);
    }

    // ------------------------------------------------------------------------------------------------- reading

    private static RecordKey readKafkaKey(RecordType type, byte[] key) {
        ByteBuf buf = Unpooled.wrappedBuffer(key, 2, key.length - 2);
        try {
            RecordKey result =
                    switch (type) {
                        case OFFSET_COMMIT -> {
                            var m = new io.runnel.coordinator.message.OffsetCommitKey(buf, (short) 0);
                            yield new OffsetCommitKey(m.group(), m.topic(), m.partition());
                        }
                        case CLASSIC_GROUP -> new ClassicGroupKey(new GroupMetadataKey(buf, (short) 0).group());
                        case CONSUMER_GROUP_METADATA ->
                            new ConsumerGroupMetadataKey(
                                    new io.runnel.coordinator.message.ConsumerGroupMetadataKey(buf, (short) 0)
                                            .groupId());
                        case CONSUMER_GROUP_MEMBER -> {
                            var m = new ConsumerGroupMemberMetadataKey(buf, (short) 0);
                            yield new ConsumerGroupMemberKey(m.groupId(), m.memberId());
                        }
                        case CONSUMER_GROUP_TARGET_ASSIGNMENT_METADATA ->
                            new io.runnel.coordinator.record.ConsumerGroupTargetAssignmentMetadataKey(
                                    new ConsumerGroupTargetAssignmentMetadataKey(buf, (short) 0).groupId());
                        case CONSUMER_GROUP_TARGET_ASSIGNMENT_MEMBER -> {
                            var m = new ConsumerGroupTargetAssignmentMemberKey(buf, (short) 0);
                            yield new io.runnel.coordinator.record.ConsumerGroupTargetAssignmentMemberKey(
                                    m.groupId(), m.memberId());
                        }
                        case CONSUMER_GROUP_CURRENT_ASSIGNMENT -> {
                            var m = new ConsumerGroupCurrentMemberAssignmentKey(buf, (short) 0);
                            yield new ConsumerGroupCurrentAssignmentKey(m.groupId(), m.memberId());
                        }
                    };
            return buf.isReadable() ? null : result;
        } catch (MessageDecodeException e) {
            return null;
        }
    }

    private static RecordValue readKafkaValue(RecordType type, byte[] bytes) {
        if (bytes.length < 2) {
            throw new RecordFormatException(type + " value truncated");
        }
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        short version = buf.readShort();
        try {
            RecordValue value =
                    switch (type) {
                        case OFFSET_COMMIT -> {
                            var m = read(new io.runnel.coordinator.message.OffsetCommitValue(), buf, version, type);
                            yield new OffsetCommitValue(
                                    m.offset(),
                                    m.leaderEpoch(),
                                    m.metadata(),
                                    m.commitTimestamp(),
                                    m.expireTimestamp());
                        }
                        case CLASSIC_GROUP ->
                            ClassicGroupMapping.fromKafka(read(new GroupMetadataValue(), buf, version, type));
                        case CONSUMER_GROUP_METADATA -> {
                            var m = read(
                                    new io.runnel.coordinator.message.ConsumerGroupMetadataValue(), buf, version, type);
                            yield new ConsumerGroupMetadataValue(m.epoch(), readSubscribedTopics(m));
                        }
                        case CONSUMER_GROUP_MEMBER -> {
                            var m = read(new ConsumerGroupMemberMetadataValue(), buf, version, type);
                            yield new ConsumerGroupMemberValue(
                                    m.instanceId(),
                                    m.rackId(),
                                    m.clientId(),
                                    m.clientHost(),
                                    m.subscribedTopicNames(),
                                    m.subscribedTopicRegex(),
                                    m.serverAssignor(),
                                    m.rebalanceTimeoutMs());
                        }
                        case CONSUMER_GROUP_TARGET_ASSIGNMENT_METADATA ->
                            new io.runnel.coordinator.record.ConsumerGroupTargetAssignmentMetadataValue(
                                    read(new ConsumerGroupTargetAssignmentMetadataValue(), buf, version, type)
                                            .assignmentEpoch());
                        case CONSUMER_GROUP_TARGET_ASSIGNMENT_MEMBER -> {
                            var m = read(new ConsumerGroupTargetAssignmentMemberValue(), buf, version, type);
                            TopicPartitionSet.Builder partitions = new TopicPartitionSet.Builder();
                            for (var t : m.topicPartitions()) {
                                t.partitions().forEach(p -> partitions.add(t.topicId(), p));
                            }
                            yield new io.runnel.coordinator.record.ConsumerGroupTargetAssignmentMemberValue(
                                    partitions.build());
                        }
                        case CONSUMER_GROUP_CURRENT_ASSIGNMENT -> {
                            var m = read(new ConsumerGroupCurrentMemberAssignmentValue(), buf, version, type);
                            yield new ConsumerGroupCurrentAssignmentValue(
                                    m.memberEpoch(),
                                    m.previousMemberEpoch(),
                                    MemberState.forId(m.state()),
                                    currentPartitions(m.assignedPartitions()),
                                    currentPartitions(m.partitionsPendingRevocation()));
                        }
                    };
            if (buf.isReadable()) {
                throw new RecordFormatException(
                        type + " value version " + version + " has " + buf.readableBytes() + " bytes left over");
            }
            return value;
        } catch (MessageDecodeException | IndexOutOfBoundsException e) {
            throw new RecordFormatException("malformed " + type + " value version " + version + ": " + e.getMessage());
        }
    }

    private static <M extends Message> M read(M message, ByteBuf buf, short version, RecordType type) {
        if (version < message.lowestSupportedVersion() || version > message.highestSupportedVersion()) {
            throw new RecordFormatException("unsupported " + type + " value version " + version);
        }
        message.read(buf, version);
        return message;
    }

    // ------------------------------------------------------------------------------------------------- writing

    private static byte[] write(short prefix, Message message, short version) {
        ByteBuf buf = Unpooled.buffer(2 + message.size(version));
        buf.writeShort(prefix);
        message.write(buf, version);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        return bytes;
    }

    private static List<ConsumerGroupCurrentMemberAssignmentValue.TopicPartitions> currentPartitions(
            TopicPartitionSet set) {
        List<ConsumerGroupCurrentMemberAssignmentValue.TopicPartitions> topics = new ArrayList<>();
        for (Uuid topic : set.topicIds()) {
            topics.add(new ConsumerGroupCurrentMemberAssignmentValue.TopicPartitions()
                    .setTopicId(topic)
                    .setPartitions(new ArrayList<>(set.partitions(topic))));
        }
        return topics;
    }

    private static TopicPartitionSet currentPartitions(
            List<ConsumerGroupCurrentMemberAssignmentValue.TopicPartitions> topics) {
        TopicPartitionSet.Builder builder = new TopicPartitionSet.Builder();
        for (var t : topics) {
            t.partitions().forEach(p -> builder.add(t.topicId(), p));
        }
        return builder.build();
    }

    private static byte[] subscribedTopics(List<ConsumerGroupMetadataValue.SubscribedTopic> topics) {
        ByteBuf buf = Unpooled.buffer();
        Wire.writeUnsignedVarint(buf, topics.size() + 1);
        for (ConsumerGroupMetadataValue.SubscribedTopic t : topics) {
            Wire.writeString(buf, t.name(), true);
            Wire.writeUuid(buf, t.topicId());
            buf.writeInt(t.numPartitions());
        }
        return ClassicGroupMapping.toArray(buf);
    }

    private static List<ConsumerGroupMetadataValue.SubscribedTopic> readSubscribedTopics(
            io.runnel.coordinator.message.ConsumerGroupMetadataValue m) {
        byte[] data = ClassicGroupMapping.runnelField(m.unknownTaggedFields());
        List<ConsumerGroupMetadataValue.SubscribedTopic> topics = new ArrayList<>();
        if (data == null) {
            return topics;
        }
        ByteBuf buf = Unpooled.wrappedBuffer(data);
        int count = Wire.readUnsignedVarint(buf) - 1;
        Wire.checkCount(buf, count, "subscribed topics");
        for (int i = 0; i < count; i++) {
            String name = ClassicGroupMapping.readCompactString(buf, "topic name");
            topics.add(new ConsumerGroupMetadataValue.SubscribedTopic(name, Wire.readUuid(buf), buf.readInt()));
        }
        ClassicGroupMapping.expectEnd(buf, "subscribed topics");
        return topics;
    }
}
