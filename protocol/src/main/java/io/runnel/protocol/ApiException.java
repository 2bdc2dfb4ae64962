package io.runnel.protocol;

/**
 * A failure that has a protocol error code: what a handler throws when a request cannot be served, and what the
 * protocol edge turns into the error field of a response.
 */
public class ApiException extends RuntimeException {

    private final Errors error;

    public ApiException(Errors error, String message) {
        super(message);
        this.error = error;
    }

    public ApiException(Errors error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    public Errors error() {
        return error;
    }
}
