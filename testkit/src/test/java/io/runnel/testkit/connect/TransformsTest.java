package io.runnel.testkit.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Apache's transforms and predicates by alias in a source's chain, and a source tolerating records that fail one. */
@Tag(ConnectFixture.TAG)
class TransformsTest {

    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void transformsRunInOrderAndAPredicateGuardsOne() throws Exception {
        Path in = dir.resolve("in.txt");
        Files.writeString(in, "alpha\nbeta\n");
        try (ConnectFixture c = new ConnectFixture(dir, Map.of())) {
            String body = "{\"name\":\"t\",\"config\":{\"connector.class\":\"FileStreamSource\",\"file\":\"" + in
                    + "\",\"topic\":\"raw\","
                    + "\"transforms\":\"route,hoist,never\","
                    + "\"transforms.route.type\":\"RegexRouter\","
                    + "\"transforms.route.regex\":\"(.*)\",\"transforms.route.replacement\":\"routed-$1\","
                    + "\"transforms.hoist.type\":\"org.apache.kafka.connect.transforms.HoistField$Value\","
                    + "\"transforms.hoist.field\":\"line\",\"transforms.hoist.predicate\":\"isRouted\","
                    + "\"transforms.never.type\":\"Filter\",\"transforms.never.predicate\":\"isRouted\","
                    + "\"transforms.never.negate\":\"true\","
                    + "\"predicates\":\"isRouted\",\"predicates.isRouted.type\":\"TopicNameMatches\","
                    + "\"predicates.isRouted.pattern\":\"routed-.*\"}}";
            HttpResponse<String> r = c.send("POST", "/connectors", body);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            List<ConsumerRecord<String, String>> records = c.consume("routed-raw", 2, WAIT);
            assertThat(records).hasSize(2);
            assertThat(c.mapper.readTree(records.get(0).value()).get("payload").toString())
                    .isEqualTo("{\"line\":\"alpha\"}");
            assertThat(c.mapper
                            .readTree(records.get(1).value())
                            .get("schema")
                            .get("type")
                            .asText())
                    .isEqualTo("struct");
            // The active topics are those written to, after the router: not the configured one.
            assertThat(c.getJson("/connectors/t/topics").toString()).isEqualTo("{\"t\":{\"topics\":[\"routed-raw\"]}}");
            assertThat(c.send("PUT", "/connectors/t/topics/reset", null).statusCode())
                    .isEqualTo(202);
            assertThat(c.getJson("/connectors/t/topics").toString()).isEqualTo("{\"t\":{\"topics\":[]}}");
        }
    }

    @Test
    void headersAddedByATransformGoThroughTheHeaderConverterIntoKafka() throws Exception {
        Path in = dir.resolve("h.txt");
        Files.writeString(in, "with header\n");
        try (ConnectFixture c = new ConnectFixture(dir, Map.of())) {
            String body = "{\"name\":\"h\",\"config\":{\"connector.class\":\"FileStreamSource\",\"file\":\"" + in
                    + "\",\"topic\":\"headed\",\"transforms\":\"tag\",\"transforms.tag.type\":\"InsertHeader\","
                    + "\"transforms.tag.header\":\"origin\",\"transforms.tag.value.literal\":\"runnel-file\"}}";
            assertThat(c.send("POST", "/connectors", body).statusCode()).isEqualTo(201);
            List<ConsumerRecord<String, String>> records = c.consume("headed", 1, WAIT);
            assertThat(records).hasSize(1);
            var header = records.get(0).headers().lastHeader("origin");
            assertThat(header).isNotNull();
            // SimpleHeaderConverter writes a string header as its UTF-8 text.
            assertThat(new String(header.value(), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo("runnel-file");
        }
    }

    @Test
    void aRetriableTransformFailureIsRetriedWithinErrorsRetryTimeoutAndFailsTheTaskWithout() throws Exception {
        Path in = dir.resolve("r.txt");
        Files.writeString(in, "one\ntwo\n");
        try (ConnectFixture c = new ConnectFixture(dir, Map.of("runnel.connect.task.restart.enable", "false"))) {
            String common = "\"connector.class\":\"FileStreamSource\",\"file\":\"" + in + "\","
                    + "\"transforms\":\"flaky\",\"transforms.flaky.type\":\"FlakyTransform\","
                    + "\"transforms.flaky.failures\":\"3\"";
            c.send(
                    "POST",
                    "/connectors",
                    "{\"name\":\"patient\",\"config\":{" + common
                            + ",\"topic\":\"patient\",\"errors.retry.timeout\":\"30000\","
                            + "\"errors.retry.delay.max.ms\":\"20\"}}");
            c.send(
                    "POST",
                    "/connectors",
                    "{\"name\":\"impatient\",\"config\":{" + common + ",\"topic\":\"impatient\"}}");
            List<ConsumerRecord<String, String>> records = c.consume("patient", 2, WAIT);
            assertThat(records).hasSize(2);
            assertThat(c.mapper.readTree(records.get(0).value()).get("payload").asText())
                    .isEqualTo("one");
            assertThat(c.getJson("/connectors/patient/tasks/0/status")
                            .get("state")
                            .asText())
                    .isEqualTo("RUNNING");
            ConnectFixture.await(
                    WAIT, "the task without retries to fail", () -> c.getJson("/connectors/impatient/tasks/0/status")
                            .get("state")
                            .asText()
                            .equals("FAILED"));
            assertThat(c.getJson("/connectors/impatient/tasks/0/status")
                            .get("trace")
                            .asText())
                    .contains("RetriableException");
        }
    }

    @Test
    void anUnknownTransformIsRefusedAtCreation() throws Exception {
        try (ConnectFixture c = new ConnectFixture(dir, Map.of())) {
            HttpResponse<String> r = c.send(
                    "POST",
                    "/connectors",
                    "{\"name\":\"t\",\"config\":{\"connector.class\":\"FileStreamSource\",\"topic\":\"x\","
                            + "\"transforms\":\"a\",\"transforms.a.type\":\"NoSuchTransform\"}}");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(c.json(r).get("message").asText()).contains("NoSuchTransform");
            assertThat(c.getJson("/connectors").size()).isZero();
        }
    }

    @Test
    void aSourceToleratingErrorsSendsTheRecordsATransformRejectsToItsDeadLetterTopic() throws Exception {
        Path in = dir.resolve("nums.txt");
        Files.writeString(in, "12\nnot a number\n34\n");
        try (ConnectFixture c = new ConnectFixture(dir, Map.of())) {
            String body = "{\"name\":\"cast\",\"config\":{\"connector.class\":\"FileStreamSource\",\"file\":\"" + in
                    + "\",\"topic\":\"ints\",\"errors.tolerance\":\"all\","
                    + "\"errors.deadletterqueue.topic.name\":\"ints-dlq\","
                    + "\"errors.deadletterqueue.topic.replication.factor\":\"1\","
                    + "\"errors.deadletterqueue.context.headers.enable\":\"true\","
                    + "\"transforms\":\"toInt\",\"transforms.toInt.type\":\"Cast$Value\","
                    + "\"transforms.toInt.spec\":\"int32\"}}";
            assertThat(c.send("POST", "/connectors", body).statusCode()).isEqualTo(201);
            List<ConsumerRecord<String, String>> records = c.consume("ints", 2, WAIT);
            assertThat(records).hasSize(2);
            assertThat(c.mapper.readTree(records.get(0).value()).get("payload").asInt())
                    .isEqualTo(12);
            assertThat(c.mapper.readTree(records.get(1).value()).get("payload").asInt())
                    .isEqualTo(34);
            assertThat(c.getJson("/connectors/cast/status")
                            .get("tasks")
                            .get(0)
                            .get("state")
                            .asText())
                    .isEqualTo("RUNNING");
            // Beyond Apache Connect: the rejected record goes to the source's dead-letter topic.
            List<ConsumerRecord<String, String>> dead = c.consume("ints-dlq", 1, WAIT);
            assertThat(dead).hasSize(1);
            assertThat(c.mapper.readTree(dead.get(0).value()).get("payload").asText())
                    .isEqualTo("not a number");
            var stage = dead.get(0).headers().lastHeader("__connect.errors.stage");
            assertThat(new String(stage.value(), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo("TRANSFORMATION");
            var topic = dead.get(0).headers().lastHeader("__connect.errors.topic");
            assertThat(new String(topic.value(), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo("ints");
        }
    }
}
