package io.runnel.broker.partition;

import io.runnel.protocol.Errors;
import io.runnel.storage.StorageError;
import io.runnel.storage.StorageException;

/** The one place where storage errors become protocol error codes: an exhaustive switch. */
public final class StorageErrors {

    private StorageErrors() {}

    public static Errors toProtocol(StorageError error) {
        return switch (error) {
            case CORRUPT_RECORD -> Errors.CORRUPT_MESSAGE;
            case INVALID_RECORD -> Errors.INVALID_RECORD;
            case RECORD_TOO_LARGE -> Errors.MESSAGE_TOO_LARGE;
            case RECORD_LIST_TOO_LARGE -> Errors.RECORD_LIST_TOO_LARGE;
            case INVALID_TIMESTAMP -> Errors.INVALID_TIMESTAMP;
            case OUT_OF_ORDER_SEQUENCE -> Errors.OUT_OF_ORDER_SEQUENCE_NUMBER;
            case INVALID_PRODUCER_EPOCH -> Errors.INVALID_PRODUCER_EPOCH;
            case INVALID_TXN_STATE -> Errors.INVALID_TXN_STATE;
            case TRANSACTION_COORDINATOR_FENCED -> Errors.TRANSACTION_COORDINATOR_FENCED;
            case OFFSET_OUT_OF_RANGE -> Errors.OFFSET_OUT_OF_RANGE;
            case UNEXPECTED_APPEND_OFFSET -> Errors.UNKNOWN_SERVER_ERROR;
            case NO_SPACE, LOG_OFFLINE -> Errors.KAFKA_STORAGE_ERROR;
            case LOG_CLOSED -> Errors.NOT_LEADER_OR_FOLLOWER;
        };
    }

    /** The protocol error for any failure of a partition operation. */
    public static Errors forException(Throwable t) {
        if (t instanceof StorageException se) {
            return toProtocol(se.error());
        }
        return Errors.forException(t);
    }
}
