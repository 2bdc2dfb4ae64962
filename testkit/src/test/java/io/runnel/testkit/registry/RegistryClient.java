package io.runnel.testkit.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Plain HTTP to a registry, as curl would: the ecosystem's content type, JSON bodies, the answer as it came. */
final class RegistryClient {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;

    RegistryClient(int port) {
        this.port = port;
    }

    /** One answer: status, content type and body parsed as JSON. */
    record Answer(int status, String contentType, String text) {
        JsonNode json() {
            try {
                return MAPPER.readTree(text);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + text, e);
            }
        }

        int errorCode() {
            return json().path("error_code").asInt();
        }

        String message() {
            return json().path("message").asText();
        }
    }

    Answer send(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        b.header("Accept", CONTENT_TYPE);
        if (body != null) {
            b.header("Content-Type", CONTENT_TYPE);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(
                    r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Answer get(String path) {
        return send("GET", path, null);
    }

    Answer delete(String path) {
        return send("DELETE", path, null);
    }

    Answer post(String path, String body) {
        return send("POST", path, body);
    }

    Answer put(String path, String body) {
        return send("PUT", path, body);
    }

    /** The body {@code {"schema": <text>}} (plus a schemaType unless null). */
    static String schemaBody(String schema) {
        ObjectNode n = MAPPER.createObjectNode().put("schema", schema);
        return n.toString();
    }

    Answer register(String subject, String schema) {
        return post("/subjects/" + subject + "/versions", schemaBody(schema));
    }

    /** Registers and returns the id, failing the test on any other answer. */
    int registered(String subject, String schema) {
        Answer a = register(subject, schema);
        if (a.status() != 200) {
            throw new AssertionError("registering under " + subject + " answered " + a.status() + " " + a.text());
        }
        return a.json().get("id").asInt();
    }
}
