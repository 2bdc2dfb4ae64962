package io.runnel.protocol;

/**
 * Bytes that are not a valid encoding of the message they claim to be: truncated, a length that overruns the
 * buffer, a null where none is allowed, or malformed varints. The only exception a decoder throws for bad input.
 */
public class MessageDecodeException extends RuntimeException {

    public MessageDecodeException(String message) {
        super(message);
    }

    public MessageDecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
