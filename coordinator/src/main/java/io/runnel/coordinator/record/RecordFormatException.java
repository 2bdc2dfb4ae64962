package io.runnel.coordinator.record;

/** Bytes that are not a valid record of a known type and version. The partition is corrupt or from the future. */
public class RecordFormatException extends RuntimeException {
    public RecordFormatException(String message) {
        super(message);
    }

    public RecordFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
