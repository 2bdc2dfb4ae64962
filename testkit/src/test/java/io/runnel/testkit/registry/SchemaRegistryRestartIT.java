package io.runnel.testkit.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.runnel.registry.RegistryException;
import io.runnel.registry.SchemaRegistry;
import io.runnel.testkit.EmbeddedCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The registry's state lives in its topic: a restart rebuilds it, and the topic speaks the ecosystem's format. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemaRegistryRestartIT {

    private EmbeddedCluster cluster;

    @BeforeAll
    void startBroker() {
        cluster = EmbeddedCluster.single().start();
    }

    @AfterAll
    void stopBroker() {
        cluster.close();
    }

    private SchemaRegistry registry(String topic) {
        return SchemaRegistry.builder(cluster.bootstrapServers())
                .host("127.0.0.1")
                .port(0)
                .topic(topic)
                .timeout(Duration.ofSeconds(20))
                .start();
    }

    /** What a client can see of the registry, as one text to compare before and after. */
    private static String everything(RegistryClient c, int maxId) {
        StringBuilder sb = new StringBuilder();
        JsonNode subjects = c.get("/subjects?deleted=true").json();
        sb.append(subjects).append('\n');
        for (JsonNode s : subjects) {
            for (JsonNode v :
                    c.get("/subjects/" + s.asText() + "/versions?deleted=true").json()) {
                sb.append(c.get("/subjects/" + s.asText() + "/versions/" + v.asInt() + "?deleted=true")
                                .text())
                        .append('\n');
            }
            sb.append(c.get("/config/" + s.asText()).text())
                    .append(c.get("/mode/" + s.asText()).text());
        }
        sb.append(c.get("/subjects").text())
                .append(c.get("/config").text())
                .append(c.get("/mode").text());
        for (int id = 1; id <= maxId; id++) {
            sb.append(c.get("/schemas/ids/" + id).text()).append('\n');
        }
        return sb.toString();
    }

    @Test
    void aRestartRebuildsEverySubjectVersionIdAndSettingFromTheTopic() {
        String before;
        try (SchemaRegistry first = registry("_schemas-restart")) {
            RegistryClient c = new RegistryClient(first.port());
            c.registered("orders-value", SchemaRegistryContractIT.user(SchemaRegistryContractIT.NAME));
            c.registered(
                    "orders-value",
                    SchemaRegistryContractIT.user(SchemaRegistryContractIT.NAME, SchemaRegistryContractIT.AGE_DEFAULT));
            c.registered("orders-key", "\"string\"");
            c.registered("gone", "\"bytes\"");
            c.registered("soft", "\"double\"");
            c.put("/config", "{\"compatibility\":\"FULL_TRANSITIVE\"}");
            c.put("/config/orders-key", "{\"compatibility\":\"NONE\"}");
            c.put("/mode/orders-key", "{\"mode\":\"READONLY\"}");
            c.delete("/subjects/orders-value/versions/1");
            c.delete("/subjects/gone");
            c.delete("/subjects/gone?permanent=true");
            c.delete("/subjects/soft");
            before = everything(c, 5);
        }
        try (SchemaRegistry second = registry("_schemas-restart")) {
            RegistryClient c = new RegistryClient(second.port());
            assertThat(everything(c, 5)).isEqualTo(before);
            assertThat(before).contains("orders-value", "FULL_TRANSITIVE", "READONLY", "\"soft\"");
            assertThat(c.get("/subjects/gone/versions?deleted=true").errorCode())
                    .isEqualTo(40401);
            assertThat(c.get("/subjects/orders-value/versions").json().toString())
                    .isEqualTo("[2]");
            assertThat(c.registered("fresh", "\"float\""))
                    .as("ids continue after the highest")
                    .isEqualTo(6);
        }
    }

    @Test
    void whatWasRegisteredSurvivesABrokerRestart() {
        int id;
        try (SchemaRegistry r = registry("_schemas-durable")) {
            id = new RegistryClient(r.port()).registered("kept", "\"string\"");
        }
        cluster.restart(0);
        try (SchemaRegistry r = registry("_schemas-durable")) {
            RegistryClient c = new RegistryClient(r.port());
            assertThat(c.get("/subjects/kept/versions/1").json().get("id").asInt())
                    .isEqualTo(id);
        }
    }

    @Test
    void theTopicIsCompactedWithOnePartitionAndHoldsTheEcosystemsRecords() throws Exception {
        try (SchemaRegistry r = registry("_schemas-format")) {
            RegistryClient c = new RegistryClient(r.port());
            c.registered("s", "\"string\"");
            c.put("/config/s", "{\"compatibility\":\"FULL\"}");
            c.delete("/subjects/s");
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "_schemas-format");
        Config config =
                cluster.admin().describeConfigs(List.of(resource)).all().get().get(resource);
        assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        TopicDescription d = cluster.admin()
                .describeTopics(List.of("_schemas-format"))
                .allTopicNames()
                .get()
                .get("_schemas-format");
        assertThat(d.partitions()).hasSize(1);
        List<String> records = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> rec : readAll("_schemas-format")) {
            records.add(new String(rec.key(), StandardCharsets.UTF_8) + " => "
                    + (rec.value() == null ? "null" : new String(rec.value(), StandardCharsets.UTF_8)));
        }
        assertThat(records)
                .containsExactly(
                        "{\"keytype\":\"SCHEMA\",\"subject\":\"s\",\"version\":1,\"magic\":1} => "
                                + "{\"subject\":\"s\",\"version\":1,\"id\":1,\"schema\":\"\\\"string\\\"\","
                                + "\"deleted\":false}",
                        "{\"keytype\":\"CONFIG\",\"subject\":\"s\",\"magic\":0} => {\"compatibilityLevel\":\"FULL\"}",
                        "{\"keytype\":\"DELETE_SUBJECT\",\"subject\":\"s\",\"magic\":0} => "
                                + "{\"subject\":\"s\",\"version\":1}");
    }

    @Test
    void aTopicWrittenByAnotherRegistryIsServed() throws Exception {
        cluster.createTopic("_schemas-copied", 1, Map.of("cleanup.policy", "compact"));
        String[][] copied = {
            {"{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}", "{\"compatibilityLevel\":\"FORWARD\"}"},
            {"{\"keytype\":\"NOOP\",\"magic\":0}", null},
            {
                "{\"keytype\":\"SCHEMA\",\"subject\":\"t-value\",\"version\":1,\"magic\":1}",
                "{\"subject\":\"t-value\",\"version\":1,\"id\":41,\"schemaType\":\"AVRO\",\"schema\":\"\\\"int\\\"\","
                        + "\"deleted\":false}"
            },
            {"{\"keytype\":\"CONTEXT\",\"tenant\":\"default\",\"context\":\".x\",\"magic\":0}", "{}"},
            {"{\"keytype\":\"SCHEMA\",\"subject\":\"broken\",\"version\":1,\"magic\":1}", "{not json"},
            {
                "{\"keytype\":\"SCHEMA\",\"subject\":\"t-value\",\"version\":2,\"magic\":1}",
                "{\"subject\":\"t-value\",\"version\":2,\"id\":42,\"schema\":\"\\\"long\\\"\",\"deleted\":false}"
            },
        };
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(cluster.producerProps())) {
            for (String[] kv : copied) {
                p.send(new ProducerRecord<>(
                                "_schemas-copied",
                                0,
                                kv[0].getBytes(StandardCharsets.UTF_8),
                                kv[1] == null ? null : kv[1].getBytes(StandardCharsets.UTF_8)))
                        .get();
            }
        }
        try (SchemaRegistry r = registry("_schemas-copied")) {
            RegistryClient c = new RegistryClient(r.port());
            assertThat(c.get("/subjects").json().toString()).isEqualTo("[\"t-value\"]");
            assertThat(c.get("/schemas/ids/42").json().get("schema").asText()).isEqualTo("\"long\"");
            assertThat(c.get("/config").json().get("compatibilityLevel").asText())
                    .isEqualTo("FORWARD");
            assertThat(c.registered("u", "\"string\"")).isEqualTo(43);
        }
    }

    @Test
    void aTopicWithMorePartitionsOrWithoutCompactionStopsStartWithAMessageNamingIt() {
        cluster.createTopic("_schemas-wide", 3, Map.of("cleanup.policy", "compact"));
        assertThatThrownBy(() -> registry("_schemas-wide"))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("_schemas-wide has 3 partitions");
        cluster.createTopic("_schemas-deleting", 1, Map.of("cleanup.policy", "delete"));
        assertThatThrownBy(() -> registry("_schemas-deleting"))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("cleanup.policy=delete");
    }

    private List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cluster.consumerProps(null))) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(tp) < end) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to offset " + end);
                }
                consumer.poll(Duration.ofMillis(100)).forEach(out::add);
            }
            return out;
        }
    }
}
