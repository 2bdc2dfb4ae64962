package io.runnel.protocol.record;

/** Record data that fails framing or checksum checks. Maps to the protocol error CORRUPT_MESSAGE. */
public class CorruptRecordException extends RuntimeException {

    public CorruptRecordException(String message) {
        super(message);
    }

    public CorruptRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
