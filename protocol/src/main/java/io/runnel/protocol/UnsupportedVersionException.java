package io.runnel.protocol;

/**
 * A message version outside the range a message supports, or a value that the chosen version cannot express.
 * Maps to the protocol error UNSUPPORTED_VERSION.
 */
public class UnsupportedVersionException extends RuntimeException {

    public UnsupportedVersionException(String message) {
        super(message);
    }
}
