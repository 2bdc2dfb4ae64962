package io.runnel.coordinator.record;

/**
 * The kinds of record in {@code __consumer_offsets}. The id is the first field (int16) of every key, so it decides
 * how the rest of the key and the value are read. Ids are never reused.
 */
public enum RecordType {
    /** A committed offset: group, topic, partition. */
    OFFSET_COMMIT((short) 0),
    /** The whole state of a classic group, rewritten on every change. */
    CLASSIC_GROUP((short) 1),
    /** A consumer group's epoch and the metadata of the topics its members subscribe to. */
    CONSUMER_GROUP_METADATA((short) 2),
    /** A consumer group member's subscription and client details. */
    CONSUMER_GROUP_MEMBER((short) 3),
    /** The epoch of a consumer group's target assignment. */
    CONSUMER_GROUP_TARGET_ASSIGNMENT_METADATA((short) 4),
    /** One member's partitions in the target assignment. */
    CONSUMER_GROUP_TARGET_ASSIGNMENT_MEMBER((short) 5),
    /** One member's epoch, reconciliation state, assigned partitions and partitions pending revocation. */
    CONSUMER_GROUP_CURRENT_ASSIGNMENT((short) 6);

    private final short id;

    RecordType(short id) {
        this.id = id;
    }

    public short id() {
        return id;
    }

    /** The type with this id, or null if this version does not know it. */
    public static RecordType forId(short id) {
        for (RecordType type : values()) {
            if (type.id == id) {
                return type;
            }
        }
        return null;
    }
}
