package io.runnel.rest;

/**
 * A request that cannot be served, with the HTTP status it answers and the message the client sees. The server
 * turns it into the uniform error body {@code {"error_code": <status>, "message": "..."}}; the error code is the
 * HTTP status, as in Apache Connect's {@code ErrorMessage}.
 */
public class RestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public RestException(int status, String message) {
        super(message);
        this.status = status;
    }

    public RestException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
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
