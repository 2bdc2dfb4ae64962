package io.runnel.testkit.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** errors.tolerance, dead-letter topics, failing tasks, and config-provider secrets kept out of every answer. */
@Tag(ConnectFixture.TAG)
class ErrorHandlingTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final String GOOD_A = "{\"schema\":{\"type\":\"string\",\"optional\":false},\"payload\":\"first\"}";
    static final String BAD = "this is not JSON";
    static final String GOOD_B = "{\"schema\":{\"type\":\"string\",\"optional\":false},\"payload\":\"third\"}";

    @TempDir
    Path dir;

    private static void produce(ConnectFixture c, String topic, String... values) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, c.cluster.bootstrapServers());
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (String v : values) {
                producer.send(new ProducerRecord<>(topic, v)).get();
            }
        }
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        var h = r.headers().lastHeader("__connect.errors." + name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void aSinkToleratingErrorsSendsExactlyTheBadRecordsToTheDeadLetterTopicWithContext() throws Exception {
        Path out = dir.resolve("out.txt");
        try (ConnectFixture c = new ConnectFixture(dir, Map.of())) {
            produce(c, "mixed", GOOD_A, BAD, GOOD_B);
            String sink = "{\"name\":\"tolerant\",\"config\":{\"connector.class\":\"FileStreamSink\",\"file\":\"" + out
                    + "\",\"topics\":\"mixed\",\"errors.tolerance\":\"all\","
                    + "\"errors.deadletterqueue.topic.name\":\"mixed-dlq\","
                    + "\"errors.deadletterqueue.topic.replication.factor\":\"1\","
                    + "\"errors.deadletterqueue.context.headers.enable\":\"true\"}}";
            HttpResponse<String> r = c.send("POST", "/connectors", sink);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            ConnectFixture.await(WAIT, "the good records in the file", () -> new String(
                            ConnectFixture.readOrEmpty(out), StandardCharsets.UTF_8)
                    .equals("first\nthird\n"));
            List<ConsumerRecord<String, String>> dead = c.consume("mixed-dlq", 1, WAIT);
            assertThat(dead).hasSize(1);
            ConsumerRecord<String, String> d = dead.get(0);
            assertThat(d.value()).isEqualTo(BAD);
            assertThat(header(d, "topic")).isEqualTo("mixed");
            assertThat(header(d, "partition")).isEqualTo("0");
            assertThat(header(d, "offset")).isEqualTo("1");
            assertThat(header(d, "connector.name")).isEqualTo("tolerant");
            assertThat(header(d, "stage")).isEqualTo("VALUE_CONVERTER");
            assertThat(header(d, "exception.class.name")).isNotBlank();
            assertThat(c.getJson("/connectors/tolerant/status")
                            .get("tasks")
                            .get(0)
                            .get("state")
                            .asText())
                    .isEqualTo("RUNNING");
        }
    }

    @Test
    void withoutToleranceABadRecordFailsOnlyThatTaskWithItsTrace() throws Exception {
        Path out = dir.resolve("strict.txt");
        Path other = dir.resolve("other.txt");
        try (ConnectFixture c = new ConnectFixture(dir, Map.of())) {
            produce(c, "mixed", GOOD_A, BAD, GOOD_B);
            produce(c, "clean", GOOD_A);
            c.send(
                    "POST",
                    "/connectors",
                    "{\"name\":\"strict\",\"config\":{\"connector.class\":\"FileStreamSink\"," + "\"file\":\"" + out
                            + "\",\"topics\":\"mixed\"}}");
            c.send(
                    "POST",
                    "/connectors",
                    "{\"name\":\"other\",\"config\":{\"connector.class\":\"FileStreamSink\"," + "\"file\":\"" + other
                            + "\",\"topics\":\"clean\"}}");
            ConnectFixture.await(WAIT, "the strict task to fail", () -> c.getJson("/connectors/strict/tasks/0/status")
                    .get("state")
                    .asText()
                    .equals("FAILED"));
            JsonNode task = c.getJson("/connectors/strict/tasks/0/status");
            assertThat(task.get("trace").asText()).contains("DataException");
            ConnectFixture.await(WAIT, "the other sink to copy its topic", () -> new String(
                            ConnectFixture.readOrEmpty(other), StandardCharsets.UTF_8)
                    .equals("first\n"));
            assertThat(c.getJson("/connectors/other/status")
                            .get("tasks")
                            .get(0)
                            .get("state")
                            .asText())
                    .isEqualTo("RUNNING");
        }
    }

    @Test
    void aSinkThatAsksToRetryGetsTheSameBatchAgainAndLosesOrRepeatsNothing() throws Exception {
        Path out = dir.resolve("retried.txt");
        try (ConnectFixture c = new ConnectFixture(dir, Map.of())) {
            produce(c, "busy", GOOD_A, GOOD_B);
            HttpResponse<String> r = c.send(
                    "POST",
                    "/connectors",
                    "{\"name\":\"flaky\",\"config\":{"
                            + "\"connector.class\":\"FlakySink\",\"file\":\"" + out + "\",\"topics\":\"busy\","
                            + "\"failures\":\"2\"}}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            ConnectFixture.await(WAIT, "the batch to be taken after two refusals", () -> new String(
                            ConnectFixture.readOrEmpty(out), StandardCharsets.UTF_8)
                    .equals("first\nthird\n"));
            JsonNode task = c.getJson("/connectors/flaky/tasks/0/status");
            assertThat(task.get("state").asText()).isEqualTo("RUNNING");
            assertThat(task.has("restarts")).isFalse();
        }
    }

    @Test
    void aSecretFromAConfigProviderAppearsInNoRestAnswer() throws Exception {
        String secret = "S3CR3T-" + System.nanoTime();
        Path secrets = dir.resolve("secrets.properties");
        // A path that cannot be opened, so the secret ends up in the task's failure.
        Files.writeString(
                secrets,
                "out.path=" + dir.resolve(secret).resolve("missing-dir").resolve("out.txt") + "\n");
        Map<String, String> props = Map.of(
                "config.providers", "file",
                "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        // slf4j-simple writes to the current System.err: capture it to grep the log.
        java.io.PrintStream realErr = System.err;
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(
                new java.io.OutputStream() {
                    @Override
                    public synchronized void write(int b) {
                        realErr.write(b);
                        log.write(b);
                    }

                    @Override
                    public synchronized void write(byte[] b, int off, int len) {
                        realErr.write(b, off, len);
                        log.write(b, off, len);
                    }
                },
                true,
                StandardCharsets.UTF_8));
        try (ConnectFixture c = new ConnectFixture(dir, props)) {
            String variable = "${file:" + secrets + ":out.path}";
            String body = "{\"name\":\"sec\",\"config\":{\"connector.class\":\"FileStreamSink\",\"file\":\"" + variable
                    + "\",\"topics\":\"t\"}}";
            HttpResponse<String> created = c.send("POST", "/connectors", body);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            ConnectFixture.await(
                    WAIT, "the task to fail on the secret path", () -> c.getJson("/connectors/sec/tasks/0/status")
                            .get("state")
                            .asText()
                            .equals("FAILED"));
            List<String> answers = new ArrayList<>();
            answers.add(created.body());
            for (String path : List.of(
                    "/connectors/sec",
                    "/connectors/sec/config",
                    "/connectors/sec/status",
                    "/connectors/sec/tasks",
                    "/connectors/sec/tasks/0/status",
                    "/connectors?expand=status&expand=info")) {
                answers.add(c.send("GET", path, null).body());
            }
            answers.add(c.send(
                            "PUT",
                            "/connector-plugins/FileStreamSink/config/validate",
                            "{\"connector.class\":" + "\"FileStreamSink\",\"name\":\"sec\",\"file\":\"" + variable
                                    + "\"}")
                    .body());
            for (String a : answers) {
                assertThat(a).doesNotContain(secret);
            }
            assertThat(c.getJson("/connectors/sec/config").get("file").asText()).isEqualTo(variable);
            assertThat(c.getJson("/connectors/sec/tasks")
                            .get(0)
                            .get("config")
                            .get("file")
                            .asText())
                    .isEqualTo(variable);
            assertThat(c.getJson("/connectors/sec/tasks/0/status").get("trace").asText())
                    .contains("[hidden]");
        } finally {
            System.setErr(realErr);
        }
        String logged = log.toString(StandardCharsets.UTF_8);
        assertThat(logged).contains("Task sec-0 failed").doesNotContain(secret);
    }
}
