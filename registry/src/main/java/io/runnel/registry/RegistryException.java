package io.runnel.registry;

import java.util.Objects;

/** A registry operation that failed in a way the client must hear about; the message is what the client reads. */
public final class RegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final RegistryError error;

    public RegistryException(RegistryError error, String message) {
        super(message);
        this.error = Objects.requireNonNull(error);
    }

    public RegistryException(RegistryError error, String message, Throwable cause) {
        super(message, cause);
        this.error = Objects.requireNonNull(error);
    }

    public RegistryError error() {
        return error;
    }
}
