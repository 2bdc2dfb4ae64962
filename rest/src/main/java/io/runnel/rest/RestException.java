package io.runnel.rest;

/**
 * A request that cannot be served, with the HTTP status it answers and the message the client sees. The server
 * turns it into the uniform error body {@code {"error_code": <status>, "message": "..."}}; the error code is the
 * HTTP status, as in Apache Connect's {@code ErrorMessage}, unless a surface with finer codes (the schema
 * registry's 40401, 42201, ...) gives its own {@link #errorCode()}.
 */
public class RestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final int errorCode;

    public RestException(int status, String message) {
        this(status, status, message);
    }

    public RestException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = status;
    }

    /** An error whose body carries {@code errorCode} in place of the HTTP status. */
    public RestException(int status, int errorCode, String message) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    public int status() {
        return status;
    }

    /** The {@code error_code} of the body: the HTTP status unless the surface gave a finer code. */
    public int errorCode() {
        return errorCode;
    }

    public static RestException badRequest(String message) {
        return new RestException(400, message);
    }

    public static RestException notFound(String message) {
        return new RestException(404, message);
    }

    public static RestException conflict(String message) {
        return new RestException(409, message);
    }
}
