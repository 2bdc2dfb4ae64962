package io.runnel.testkit.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connect's REST API over real HTTP: shapes, status codes, and bad input that leaves nothing behind. */
@Tag(ConnectFixture.TAG)
class ConnectRestApiTest {

    @TempDir
    static Path dir;

    static ConnectFixture connect;

    @BeforeAll
    static void start() throws Exception {
        connect = new ConnectFixture(dir, Map.of());
    }

    @AfterAll
    static void stop() {
        connect.close();
    }

    @AfterEach
    void deleteAll() {
        for (JsonNode n : connect.getJson("/connectors")) {
            connect.send("DELETE", "/connectors/" + n.asText(), null);
        }
    }

    private static String sink(String name, String file) {
        return "{\"name\":\"" + name + "\",\"config\":{\"connector.class\":\"FileStreamSink\",\"file\":\"" + file
                + "\",\"topics\":\"t\"}}";
    }

    private static void assertError(HttpResponse<String> r, int status, String messagePart) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode body = connect.json(r);
        assertThat(body.get("error_code").asInt()).isEqualTo(status);
        assertThat(body.get("message").asText()).contains(messagePart);
    }

    private static void assertNoConnectors() {
        assertThat(connect.getJson("/connectors").size()).isZero();
    }

    @Test
    void anUnknownConnectorClassIsABadRequestAndCreatesNothing() {
        HttpResponse<String> r = connect.send(
                "POST", "/connectors", "{\"name\":\"x\",\"config\":{\"connector.class\":\"NoSuchConnector\"}}");
        assertError(
                r, 400, "Failed to find any class that implements Connector and which name matches NoSuchConnector");
        assertNoConnectors();
    }

    @Test
    void anInvalidConfigIsABadRequestListingTheErrorsAndCreatesNothing() {
        HttpResponse<String> r = connect.send(
                "POST",
                "/connectors",
                "{\"name\":\"x\",\"config\":{\"connector.class\":\"FileStreamSink\",\"tasks.max\":\"zero\"}}");
        assertError(r, 400, "Connector configuration is invalid and contains the following");
        assertThat(connect.json(r).get("message").asText())
                .contains("Invalid value zero for configuration tasks.max")
                .contains("Must configure one of topics or topics.regex");
        assertNoConnectors();
    }

    @Test
    void malformedJsonIsABadRequest() {
        assertError(connect.send("POST", "/connectors", "{\"name\":\"x\",\"config\":{"), 400, "Malformed JSON");
        assertError(connect.send("POST", "/connectors", "{\"config\":{}}"), 400, "Connector name is required");
        assertNoConnectors();
    }

    @Test
    void aNameWithASlashIsABadRequest() {
        assertError(connect.send("POST", "/connectors", sink("a/b", "x.txt")), 400, "should not contain '/'");
        assertNoConnectors();
    }

    @Test
    void creatingAConnectorTwiceIsAConflictAndKeepsTheFirst() throws Exception {
        Path f = dir.resolve("first.txt");
        assertThat(connect.send("POST", "/connectors", sink("dup", f.toString()))
                        .statusCode())
                .isEqualTo(201);
        assertError(connect.send("POST", "/connectors", sink("dup", "other.txt")), 409, "Connector dup already exists");
        assertThat(connect.getJson("/connectors/dup/config").get("file").asText())
                .isEqualTo(f.toString());
    }

    @Test
    void anUnknownConnectorIsNotFoundOnEveryPath() {
        for (String[] call : List.of(
                new String[] {"GET", "/connectors/nope"},
                new String[] {"GET", "/connectors/nope/status"},
                new String[] {"GET", "/connectors/nope/config"},
                new String[] {"GET", "/connectors/nope/tasks"},
                new String[] {"PUT", "/connectors/nope/pause"},
                new String[] {"POST", "/connectors/nope/restart"},
                new String[] {"DELETE", "/connectors/nope"})) {
            assertError(
                    connect.send(call[0], call[1], call[0].equals("PUT") ? "{}" : null),
                    404,
                    "Connector nope not found");
        }
    }

    @Test
    void putConfigCreatesThenUpdatesAndANameMismatchIsRefused() throws Exception {
        String cfg =
                "{\"connector.class\":\"FileStreamSink\",\"file\":\"" + dir.resolve("p.txt") + "\",\"topics\":\"t\"}";
        HttpResponse<String> created = connect.send("PUT", "/connectors/p/config", cfg);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> updated = connect.send("PUT", "/connectors/p/config", cfg.replace("\"t\"", "\"t2\""));
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(connect.getJson("/connectors/p/config").get("topics").asText())
                .isEqualTo("t2");
        assertError(
                connect.send("PUT", "/connectors/p/config", cfg.replace("{", "{\"name\":\"q\",")),
                400,
                "Connector name configuration (q) doesn't match connector name in the URL (p)");
    }

    @Test
    void statusTasksAndExpandHaveApacheShapes() {
        connect.send("POST", "/connectors", sink("shape", dir.resolve("s.txt").toString()));
        JsonNode info = connect.getJson("/connectors/shape");
        assertThat(info.get("tasks").get(0).toString()).isEqualTo("{\"connector\":\"shape\",\"task\":0}");
        JsonNode tasks = connect.getJson("/connectors/shape/tasks");
        assertThat(tasks.get(0).get("id").toString()).isEqualTo("{\"connector\":\"shape\",\"task\":0}");
        assertThat(tasks.get(0).get("config").get("topics").asText()).isEqualTo("t");
        ConnectFixture.await(java.time.Duration.ofSeconds(30), "the task to run", () -> connect.getJson(
                        "/connectors/shape/tasks/0/status")
                .get("state")
                .asText()
                .equals("RUNNING"));
        JsonNode status = connect.getJson("/connectors/shape/status");
        assertThat(status.get("name").asText()).isEqualTo("shape");
        assertThat(status.get("type").asText()).isEqualTo("sink");
        assertThat(status.get("connector").get("worker_id").asText()).endsWith(":" + connect.worker.restPort());
        JsonNode expanded = connect.getJson("/connectors?expand=status&expand=info");
        assertThat(expanded.get("shape")
                        .get("status")
                        .get("connector")
                        .get("state")
                        .asText())
                .isEqualTo("RUNNING");
        assertThat(expanded.get("shape").get("info").get("type").asText()).isEqualTo("sink");
    }

    @Test
    void connectorPluginsListsTheBundledFileConnectorsAndValidates() {
        JsonNode plugins = connect.getJson("/connector-plugins");
        List<String> classes = new ArrayList<>();
        plugins.forEach(
                p -> classes.add(p.get("class").asText() + ":" + p.get("type").asText()));
        assertThat(classes)
                .contains(
                        "io.runnel.connect.file.FileStreamSourceConnector:source",
                        "io.runnel.connect.file.FileStreamSinkConnector:sink");
        JsonNode all = connect.getJson("/connector-plugins?connectorsOnly=false");
        List<String> types = new ArrayList<>();
        all.forEach(p -> types.add(p.get("type").asText()));
        assertThat(types).contains("converter", "transformation", "predicate", "header_converter");

        HttpResponse<String> ok = connect.send(
                "PUT",
                "/connector-plugins/FileStreamSource/config/validate",
                "{\"connector.class\":\"FileStreamSource\",\"topic\":\"t\",\"name\":\"v\"}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(connect.json(ok).get("name").asText()).isEqualTo("io.runnel.connect.file.FileStreamSourceConnector");
        assertThat(connect.json(ok).get("error_count").asInt()).isZero();

        HttpResponse<String> bad = connect.send(
                "PUT",
                "/connector-plugins/FileStreamSource/config/validate",
                "{\"connector.class\":\"FileStreamSource\",\"name\":\"v\"}");
        assertThat(connect.json(bad).get("error_count").asInt()).isEqualTo(1);
        JsonNode topic = null;
        for (JsonNode c : connect.json(bad).get("configs")) {
            if (c.get("value").get("name").asText().equals("topic")) {
                topic = c;
            }
        }
        assertThat(topic).isNotNull();
        assertThat(topic.get("definition").get("required").asBoolean()).isTrue();
        assertThat(topic.get("value").get("errors").size()).isEqualTo(1);
        assertNoConnectors();
    }

    @Test
    void patchConfigMergesAndANullRemovesAKey() {
        connect.send("POST", "/connectors", sink("patched", dir.resolve("m.txt").toString()));
        HttpResponse<String> r = connect.send(
                "PATCH", "/connectors/patched/config", "{\"topics\":\"t3\",\"errors.log.enable\":\"true\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode config = connect.getJson("/connectors/patched/config");
        assertThat(config.get("topics").asText()).isEqualTo("t3");
        assertThat(config.get("errors.log.enable").asText()).isEqualTo("true");
        connect.send("PATCH", "/connectors/patched/config", "{\"errors.log.enable\":null}");
        assertThat(connect.getJson("/connectors/patched/config").has("errors.log.enable"))
                .isFalse();
        assertThat(connect.getJson("/connectors/patched/config").get("file").asText())
                .endsWith("m.txt");
    }

    @Test
    void aPluginsConfigDefinitionListsItsOwnAndTheCommonKeys() {
        JsonNode defs = connect.getJson("/connector-plugins/FileStreamSource/config");
        List<String> names = new ArrayList<>();
        defs.forEach(d -> names.add(d.get("name").asText()));
        assertThat(names).contains("file", "topic", "batch.size", "connector.class", "tasks.max", "transforms");
        assertError(connect.send("GET", "/connector-plugins/Nope/config", null), 404, "Nope");
    }

    @Test
    void aConnectorThatThrowsInStartFailsAloneWithItsTrace() {
        connect.send("POST", "/connectors", sink("healthy", dir.resolve("h.txt").toString()));
        // Valid for the config definition, refused by the connector's start(): one topic only.
        HttpResponse<String> r = connect.send(
                "POST",
                "/connectors",
                "{\"name\":\"broken\",\"config\":{\"connector.class\":\"FileStreamSource\",\"topic\":\"a,b\"}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode status = connect.getJson("/connectors/broken/status");
        assertThat(status.get("connector").get("state").asText()).isEqualTo("FAILED");
        assertThat(status.get("connector").get("trace").asText()).contains("exactly one topic");
        assertThat(status.get("tasks")).isEmpty();
        assertThat(connect.getJson("/connectors/healthy/status")
                        .get("connector")
                        .get("state")
                        .asText())
                .isEqualTo("RUNNING");
        // Fixing the config restarts it.
        HttpResponse<String> fixed = connect.send(
                "PUT", "/connectors/broken/config", "{\"connector.class\":\"FileStreamSource\",\"topic\":\"a\"}");
        assertThat(fixed.statusCode()).isEqualTo(200);
        assertThat(connect.getJson("/connectors/broken/status")
                        .get("connector")
                        .get("state")
                        .asText())
                .isEqualTo("RUNNING");
    }

    @Test
    void rootHealthAndLoggersAnswer() {
        assertThat(connect.getJson("/health").get("status").asText()).isEqualTo("healthy");
        assertThat(connect.getJson("/admin/loggers").get("root").get("level").asText())
                .isNotEmpty();
        assertThat(Files.exists(dir)).isTrue();
    }
}
