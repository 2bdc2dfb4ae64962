package io.runnel.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RestServerTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();
    private RestServer server;

    record Greeting(String name, int times) {}

    @BeforeEach
    void start() {
        server = RestServer.builder("test")
                .host("127.0.0.1")
                .port(0)
                .maxRequestBytes(1024)
                .get("/", req -> RestResponse.ok(Map.of("version", "1")))
                .get(
                        "/things/{name}",
                        req -> RestResponse.ok(
                                Map.of("name", req.pathParam("name"), "expand", req.queryParams("expand"))))
                .post("/greetings", req -> {
                    Greeting g = req.json(Greeting.class);
                    if (g.times() < 0) {
                        throw RestException.badRequest("times must not be negative");
                    }
                    return RestResponse.created(Map.of("text", ("hi " + g.name() + " ").repeat(g.times())));
                })
                .delete("/things/{name}", req -> RestResponse.noContent())
                .get("/boom", req -> {
                    throw new IllegalStateException("kaput");
                })
                .start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(HttpResponse<String> r) throws IOException {
        return mapper.readTree(r.body());
    }

    @Test
    void aRouteAnswersJsonOnTheBoundPort() throws Exception {
        assertThat(server.port()).isPositive();
        HttpResponse<String> r = send("GET", "/", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(json(r).get("version").asText()).isEqualTo("1");
    }

    @Test
    void pathAndRepeatedQueryParametersReachTheHandler() throws Exception {
        HttpResponse<String> r = send("GET", "/things/a-b?expand=status&expand=info", null);
        assertThat(json(r).get("name").asText()).isEqualTo("a-b");
        assertThat(json(r).get("expand").toString()).isEqualTo("[\"status\",\"info\"]");
    }

    @Test
    void aJsonBodyIsBoundAndTheHandlersStatusIsKept() throws Exception {
        HttpResponse<String> r = send("POST", "/greetings", "{\"name\":\"x\",\"times\":2}");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(json(r).get("text").asText()).isEqualTo("hi x hi x ");
        assertThat(send("DELETE", "/things/a", null).statusCode()).isEqualTo(204);
    }

    @Test
    void aHandlersRestExceptionBecomesTheUniformErrorBody() throws Exception {
        HttpResponse<String> r = send("POST", "/greetings", "{\"name\":\"x\",\"times\":-1}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("error_code").asInt()).isEqualTo(400);
        assertThat(json(r).get("message").asText()).isEqualTo("times must not be negative");
    }

    @Test
    void malformedJsonIsABadRequestWithAMessage() throws Exception {
        HttpResponse<String> r = send("POST", "/greetings", "{\"name\":");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("error_code").asInt()).isEqualTo(400);
        assertThat(json(r).get("message").asText()).startsWith("Malformed JSON");
    }

    @Test
    void unknownPathsAndWrongMethodsAnswerErrorBodies() throws Exception {
        HttpResponse<String> missing = send("GET", "/nowhere", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("error_code").asInt()).isEqualTo(404);
        HttpResponse<String> wrong = send("PUT", "/", "{}");
        assertThat(wrong.statusCode()).isEqualTo(405);
        assertThat(json(wrong).get("error_code").asInt()).isEqualTo(405);
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413() throws Exception {
        String big = "{\"name\":\"" + "x".repeat(4096) + "\",\"times\":1}";
        HttpResponse<String> r = send("POST", "/greetings", big);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json(r).get("error_code").asInt()).isEqualTo(413);
        assertThat(json(r).get("message").asText()).contains("1024");
    }

    @Test
    void anUnexpectedExceptionIs500WithoutKillingTheServer() throws Exception {
        HttpResponse<String> r = send("GET", "/boom", null);
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(json(r).get("error_code").asInt()).isEqualTo(500);
        assertThat(send("GET", "/", null).statusCode()).isEqualTo(200);
    }

    @Test
    void closeReleasesThePort() throws Exception {
        int port = server.port();
        server.close();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .build();
        assertThatThrownBy(() -> http.send(req, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(ConnectException.class);
        server = RestServer.builder("again").host("127.0.0.1").port(port).start();
        assertThat(server.port()).isEqualTo(port);
    }
}
