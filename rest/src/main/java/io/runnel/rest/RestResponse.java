package io.runnel.rest;

/**
 * What a handler answers: a status and a body that the server writes as JSON ({@code null} writes no body).
 *
 * @param status the HTTP status
 * @param body an object Jackson can write, or {@code null}
 */
public record RestResponse(int status, Object body) {

    public static RestResponse ok(Object body) {
        return new RestResponse(200, body);
    }

    public static RestResponse created(Object body) {
        return new RestResponse(201, body);
    }

    public static RestResponse accepted(Object body) {
        return new RestResponse(202, body);
    }

    public static RestResponse noContent() {
        return new RestResponse(204, null);
    }
}
