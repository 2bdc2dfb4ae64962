package io.runnel.storage;

/**
 * Why a storage operation failed. The broker maps each value to a Kafka error code in one exhaustive switch; the
 * Kafka name each corresponds to is given for that purpose.
 */
public enum StorageError {
    /** A batch fails framing or CRC checks (CORRUPT_MESSAGE). */
    CORRUPT_RECORD,
    /** A batch is well-formed but breaks a rule of the append (INVALID_RECORD). */
    INVALID_RECORD,
    /** One batch is larger than {@code max.message.bytes} (MESSAGE_TOO_LARGE). */
    RECORD_TOO_LARGE,
    /** The whole append is larger than {@code segment.bytes} (RECORD_LIST_TOO_LARGE). */
    RECORD_LIST_TOO_LARGE,
    /** A timestamp is outside {@code message.timestamp.before/after.max.ms} (INVALID_TIMESTAMP). */
    INVALID_TIMESTAMP,
    /** An idempotent producer's sequence has a gap or goes backwards (OUT_OF_ORDER_SEQUENCE_NUMBER). */
    OUT_OF_ORDER_SEQUENCE,
    /** An idempotent producer's epoch is older than the one the log has seen (INVALID_PRODUCER_EPOCH). */
    INVALID_PRODUCER_EPOCH,
    /** A transactional append breaks the transaction rules (INVALID_TXN_STATE). */
    INVALID_TXN_STATE,
    /** A transaction marker from a coordinator older than the last one seen (TRANSACTION_COORDINATOR_FENCED). */
    TRANSACTION_COORDINATOR_FENCED,
    /** The requested offset is outside [log start offset, log end offset] (OFFSET_OUT_OF_RANGE). */
    OFFSET_OUT_OF_RANGE,
    /** A follower's append does not start at or after the log end offset (UNKNOWN_SERVER_ERROR in Kafka). */
    UNEXPECTED_APPEND_OFFSET,
    /**
     * An append found the disk full; nothing of it was written and the log stays online, so appends succeed again
     * once there is space (KAFKA_STORAGE_ERROR).
     */
    NO_SPACE,
    /** A disk operation failed; the log is offline until it is reopened (KAFKA_STORAGE_ERROR). */
    LOG_OFFLINE,
    /** The log was closed or deleted (NOT_LEADER_OR_FOLLOWER: the partition is gone from this broker). */
    LOG_CLOSED
}
