package io.runnel.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Apache's transforms and predicates by alias in a source's chain, and a source tolerating records that fail one. */
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
