package io.runnel.testkit.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pause, resume, stop, offsets and restart of running connectors, through the REST API. */
@Tag(ConnectFixture.TAG)
class LifecycleTest {

    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static void awaitState(ConnectFixture c, String name, String connectorState, String taskState) {
        ConnectFixture.await(WAIT, name + " to be " + connectorState + "/" + taskState, () -> {
            JsonNode s = c.getJson("/connectors/" + name + "/status");
            boolean connectorOk = s.get("connector").get("state").asText().equals(connectorState);
            boolean tasksOk = taskState == null
                    ? s.get("tasks").isEmpty()
                    : s.get("tasks").size() == 1
                            && s.get("tasks").get(0).get("state").asText().equals(taskState);
            return connectorOk && tasksOk;
        });
    }

    @Test
    void aSourceCanBePausedResumedStoppedAndRewoundThroughItsOffsets() throws Exception {
        Path file = dir.resolve("in.txt");
        Files.writeString(file, "a\nb\nc\n");
        try (ConnectFixture c = new ConnectFixture(dir, Map.of())) {
            String body = "{\"name\":\"src\",\"config\":{\"connector.class\":\"FileStreamSource\",\"file\":\"" + file
                    + "\",\"topic\":\"life\"}}";
            assertThat(c.send("POST", "/connectors", body).statusCode()).isEqualTo(201);
            assertThat(c.consume("life", 3, WAIT)).hasSize(3);

            assertThat(c.send("PUT", "/connectors/src/pause", null).statusCode())
                    .isEqualTo(202);
            awaitState(c, "src", "PAUSED", "PAUSED");
            Files.writeString(file, "d\ne\n", StandardOpenOption.APPEND);
            assertThat(c.send("PUT", "/connectors/src/resume", null).statusCode())
                    .isEqualTo(202);
            awaitState(c, "src", "RUNNING", "RUNNING");
            assertThat(c.consume("life", 5, WAIT)).hasSize(5);

            HttpResponse<String> early =
                    c.send("PATCH", "/connectors/src/offsets", "{\"offsets\":[{\"partition\":{},\"offset\":null}]}");
            assertThat(early.statusCode()).isEqualTo(400);
            assertThat(c.json(early).get("message").asText()).contains("STOPPED state");

            assertThat(c.send("PUT", "/connectors/src/stop", null).statusCode()).isEqualTo(204);
            awaitState(c, "src", "STOPPED", null);
            JsonNode offsets = c.getJson("/connectors/src/offsets").get("offsets");
            assertThat(offsets).hasSize(1);
            assertThat(offsets.get(0).get("partition").get("filename").asText()).isEqualTo(file.toString());
            long size = Files.size(file);
            assertThat(offsets.get(0).get("offset").get("position").asLong()).isEqualTo(size);

            // Rewind to the third line: the source reads "c", "d", "e" again when resumed.
            String rewind =
                    "{\"offsets\":[{\"partition\":{\"filename\":\"" + file + "\"},\"offset\":{\"position\":4}}]}";
            HttpResponse<String> altered = c.send("PATCH", "/connectors/src/offsets", rewind);
            assertThat(altered.statusCode()).as(altered.body()).isEqualTo(200);
            assertThat(c.json(altered).get("message").asText())
                    .isEqualTo("The offsets for this connector have been altered successfully");
            assertThat(c.getJson("/connectors/src/offsets")
                            .get("offsets")
                            .get(0)
                            .get("offset")
                            .get("position")
                            .asLong())
                    .isEqualTo(4);
            assertThat(c.send("PUT", "/connectors/src/resume", null).statusCode())
                    .isEqualTo(202);
            awaitState(c, "src", "RUNNING", "RUNNING");
            var all = c.consume("life", 8, WAIT);
            assertThat(all).hasSize(8);
            assertThat(c.mapper.readTree(all.get(5).value()).get("payload").asText())
                    .isEqualTo("c");
            assertThat(c.mapper.readTree(all.get(7).value()).get("payload").asText())
                    .isEqualTo("e");

            HttpResponse<String> restarted = c.send("POST", "/connectors/src/restart?includeTasks=true", null);
            assertThat(restarted.statusCode()).isEqualTo(202);
            assertThat(c.json(restarted).get("name").asText()).isEqualTo("src");
            awaitState(c, "src", "RUNNING", "RUNNING");
            assertThat(c.send("POST", "/connectors/src/restart", null).statusCode())
                    .isEqualTo(204);
            assertThat(c.send("POST", "/connectors/src/tasks/0/restart", null).statusCode())
                    .isEqualTo(204);
            assertThat(c.send("POST", "/connectors/src/tasks/7/restart", null).statusCode())
                    .isEqualTo(404);

            assertThat(c.send("PUT", "/connectors/src/stop", null).statusCode()).isEqualTo(204);
            HttpResponse<String> reset = c.send("DELETE", "/connectors/src/offsets", null);
            assertThat(c.json(reset).get("message").asText())
                    .isEqualTo("The offsets for this connector have been reset successfully");
            assertThat(c.getJson("/connectors/src/offsets").get("offsets")).isEmpty();
        }
    }

    @Test
    void aSinkPausesAndResumesAndTopicsRegexSelectsOnlyItsTopics() throws Exception {
        Path out = dir.resolve("regex.txt");
        try (ConnectFixture c = new ConnectFixture(dir, Map.of())) {
            String envelope = "{\"schema\":{\"type\":\"string\",\"optional\":false},\"payload\":\"%s\"}";
            java.util.Properties p = new java.util.Properties();
            p.put("bootstrap.servers", c.cluster.bootstrapServers());
            try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(
                    p,
                    new org.apache.kafka.common.serialization.StringSerializer(),
                    new org.apache.kafka.common.serialization.StringSerializer())) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                                "logs-a", String.format(envelope, "a1")))
                        .get();
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                                "other", String.format(envelope, "o1")))
                        .get();
                c.send(
                        "POST",
                        "/connectors",
                        "{\"name\":\"rx\",\"config\":{\"connector.class\":\"FileStreamSink\"," + "\"file\":\"" + out
                                + "\",\"topics.regex\":\"logs-.*\"}}");
                ConnectFixture.await(WAIT, "the regex sink to copy logs-a", () -> new String(
                                ConnectFixture.readOrEmpty(out), StandardCharsets.UTF_8)
                        .equals("a1\n"));
                assertThat(c.send("PUT", "/connectors/rx/pause", null).statusCode())
                        .isEqualTo(202);
                awaitState(c, "rx", "PAUSED", "PAUSED");
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                                "logs-a", String.format(envelope, "a2")))
                        .get();
                assertThat(c.send("PUT", "/connectors/rx/resume", null).statusCode())
                        .isEqualTo(202);
                ConnectFixture.await(WAIT, "the resumed sink to copy a2", () -> new String(
                                ConnectFixture.readOrEmpty(out), StandardCharsets.UTF_8)
                        .equals("a1\na2\n"));
            }
        }
    }

    @Test
    void aSinksOffsetsAreItsConsumerGroupsAndSurviveARestartOfTheWorker() throws Exception {
        Path in = dir.resolve("in.txt");
        Path out = dir.resolve("out.txt");
        Files.writeString(in, "1\n2\n3\n4\n");
        Map<String, String> props =
                Map.of("offset.storage.file.filename", dir.resolve("o.offsets").toString());
        String source = "{\"name\":\"s\",\"config\":{\"connector.class\":\"FileStreamSource\",\"file\":\"" + in
                + "\",\"topic\":\"nums\"}}";
        String sink = "{\"name\":\"k\",\"config\":{\"connector.class\":\"FileStreamSink\",\"file\":\"" + out
                + "\",\"topics\":\"nums\"}}";
        try (ConnectFixture c = new ConnectFixture(dir, props)) {
            c.send("POST", "/connectors", source);
            c.send("POST", "/connectors", sink);
            ConnectFixture.await(
                    WAIT, "the copy", () -> new String(ConnectFixture.readOrEmpty(out), StandardCharsets.UTF_8)
                            .equals("1\n2\n3\n4\n"));
            assertThat(c.send("PUT", "/connectors/k/stop", null).statusCode()).isEqualTo(204);
            JsonNode offsets = c.getJson("/connectors/k/offsets").get("offsets");
            assertThat(offsets.toString())
                    .isEqualTo("[{\"partition\":{\"kafka_topic\":\"nums\",\"kafka_partition\":0},"
                            + "\"offset\":{\"kafka_offset\":4}}]");
            // Rewind the sink by two records: it writes "3" and "4" again.
            String rewind = "{\"offsets\":[{\"partition\":{\"kafka_topic\":\"nums\",\"kafka_partition\":0},"
                    + "\"offset\":{\"kafka_offset\":2}}]}";
            assertThat(c.send("PATCH", "/connectors/k/offsets", rewind).statusCode())
                    .isEqualTo(200);
            assertThat(c.send("PUT", "/connectors/k/resume", null).statusCode()).isEqualTo(202);
            ConnectFixture.await(
                    WAIT, "the rewound copy", () -> new String(ConnectFixture.readOrEmpty(out), StandardCharsets.UTF_8)
                            .equals("1\n2\n3\n4\n3\n4\n"));
        }
        // The source's offsets are in the offset file: a new worker on it does not read the file again.
        Files.writeString(in, "5\n", StandardOpenOption.APPEND);
        try (ConnectFixture c = new ConnectFixture(dir.resolve("again"), props)) {
            // a new broker too: only the offset file carries over, so the topic holds only what is new
            c.send("POST", "/connectors", source);
            var records = c.consume("nums", 1, WAIT);
            assertThat(records).hasSize(1);
            assertThat(c.mapper.readTree(records.get(0).value()).get("payload").asText())
                    .isEqualTo("5");
        }
    }
}
