package io.runnel.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.List;

/**
 * One HTTP request as a handler sees it: path and query parameters and the body, parsed as JSON on demand. A body
 * that is not valid JSON answers 400 with Jackson's description of the problem. Not thread-safe; lives for one
 * request.
 */
public final class RestRequest {

    private final Context ctx;
    private final ObjectMapper mapper;

    RestRequest(Context ctx, ObjectMapper mapper) {
        this.ctx = ctx;
        this.mapper = mapper;
    }

    public String method() {
        return ctx.method().name();
    }

    public String path() {
        return ctx.path();
    }

    public String pathParam(String name) {
        return ctx.pathParam(name);
    }

    /** The query parameter, or {@code null} when absent. */
    public String queryParam(String name) {
        return ctx.queryParam(name);
    }

    public List<String> queryParams(String name) {
        return ctx.queryParams(name);
    }

    /** A boolean query parameter: absent gives the default, anything but true/false is a 400. */
    public boolean booleanQueryParam(String name, boolean defaultValue) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return defaultValue;
        }
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw RestException.badRequest("Query parameter '" + name + "' must be true or false, not '" + v + "'");
    }

    public String header(String name) {
        return ctx.header(name);
    }

    /** The raw body as text (empty when there is none). */
    public String body() {
        return ctx.body();
    }

    /** The body as a JSON tree; an empty body or malformed JSON is a 400. */
    public JsonNode json() {
        String body = ctx.body();
        if (body.isBlank()) {
            throw RestException.badRequest("Request body is empty; expected JSON");
        }
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw RestException.badRequest("Malformed JSON in the request body: " + e.getOriginalMessage());
        }
    }

    /** The body bound to a type; malformed JSON or a shape that does not bind is a 400. */
    public <T> T json(Class<T> type) {
        JsonNode tree = json();
        try {
            return mapper.treeToValue(tree, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String detail = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            throw RestException.badRequest("Request body does not match the expected shape: " + detail);
        }
    }
}
