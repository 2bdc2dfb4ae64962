package io.runnel.coordinator.record;

/**
 * The kinds of record in {@code __consumer_offsets}. Each is written as one of Kafka's coordinator record types:
 * {@link #kafkaType()} is the int16 that starts the key (the {@code apiKey} of Kafka's {@code *Key.json} spec).
 * {@link #legacyId()} is the type id the first, Runnel-only layout used, still read by {@link LegacyRecordFormat}.
 */
public enum RecordType {
    /** A committed offset: group, topic, partition. Kafka's {@code OffsetCommitKey}/{@code OffsetCommitValue}. */
    OFFSET_COMMIT((short) 1, (short) 0),
    /** The whole state of a classic group, rewritten on every change. Kafka's {@code GroupMetadataKey/Value}. */
    CLASSIC_GROUP((short) 2, (short) 1),
    /** A consumer group's epoch and subscribed topics. Kafka's {@code ConsumerGroupMetadataKey/Value}. */
    CONSUMER_GROUP_METADATA((short) 3, (short) 2),
    /** A consumer group member's subscription and client details. Kafka's {@code ConsumerGroupMemberMetadata*}. */
    CONSUMER_GROUP_MEMBER((short) 5, (short) 3),
    /** The epoch of a consumer group's target assignment. Kafka's {@code ConsumerGroupTargetAssignmentMetadata*}. */
    CONSUMER_GROUP_TARGET_ASSIGNMENT_METADATA((short) 6, (short) 4),
    /** One member's partitions in the target assignment. Kafka's {@code ConsumerGroupTargetAssignmentMember*}. */
    CONSUMER_GROUP_TARGET_ASSIGNMENT_MEMBER((short) 7, (short) 5),
    /** One member's epoch, state and partitions. Kafka's {@code ConsumerGroupCurrentMemberAssignment*}. */
    CONSUMER_GROUP_CURRENT_ASSIGNMENT((short) 8, (short) 6);

    private final short kafkaType;
    private final short legacyId;

    RecordType(short kafkaType, short legacyId) {
        this.kafkaType = kafkaType;
        this.legacyId = legacyId;
    }

    /** The record type in Kafka's format: the int16 that starts every key written today. */
    public short kafkaType() {
        return kafkaType;
    }

    /** The type id of the legacy layout (read only). */
    public short legacyId() {
        return legacyId;
    }

    /** The type whose Kafka record type is {@code id}, or null if Runnel does not use that type. */
    public static RecordType forKafkaType(short id) {
        for (RecordType type : values()) {
            if (type.kafkaType == id) {
                return type;
            }
        }
        return null;
    }

    /** The type with this legacy id, or null. */
    public static RecordType forLegacyId(short id) {
        for (RecordType type : values()) {
            if (type.legacyId == id) {
                return type;
            }
        }
        return null;
    }
}
