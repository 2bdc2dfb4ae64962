package io.runnel.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.coordinator.common.runtime.CoordinatorRecord;
import org.apache.kafka.coordinator.group.GroupCoordinatorRecordSerde;
import org.apache.kafka.coordinator.group.generated.ConsumerGroupCurrentMemberAssignmentValue;
import org.apache.kafka.coordinator.group.generated.ConsumerGroupMemberMetadataKey;
import org.apache.kafka.coordinator.group.generated.ConsumerGroupMemberMetadataValue;
import org.apache.kafka.coordinator.group.generated.ConsumerGroupMetadataKey;
import org.apache.kafka.coordinator.group.generated.ConsumerGroupMetadataValue;
import org.junit.jupiter.api.Test;

/**
 * {@code __consumer_offsets} is written in Kafka's own record formats. Kafka's console consumer with its
 * {@code OffsetsMessageFormatter} and {@code GroupMetadataMessageFormatter} (kafka-tools 4.3.0, in a child JVM) prints
 * what real consumer groups of the classic protocol and of the consumer protocol (KIP-848) committed; Kafka's own
 * {@code GroupCoordinatorRecordSerde} reads every record of the topic, including the KIP-848 group records the
 * formatters do not print.
 */
@Cluster(brokerProperties = {"group.initial.rebalance.delay.ms=0", "offsets.topic.num.partitions=1"})
class ConsumerOffsetsFormatIT {

    private static final String TOPIC = "orders";
    private static final String OFFSETS_TOPIC = "__consumer_offsets";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String FORMATTERS = "org.apache.kafka.tools.consumer.";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void kafkasFormattersPrintTheGroupsTopicsPartitionsAndOffsetsThatRealConsumersCommitted(EmbeddedCluster cluster)
            throws Exception {
        cluster.createTopic(TOPIC, 2, Map.of());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.producerProps())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(TOPIC, i % 2, null, new byte[] {(byte) i}));
            }
            producer.flush();
        }
        commitAsMember(cluster, "classic-group", "classic", Map.of(0, 3L, 1, 5L));
        commitAsMember(cluster, "consumer-group", "consumer", Map.of(0, 4L, 1, 2L));

        List<JsonNode> offsets = readOffsetsTopic(
                cluster,
                "OffsetsMessageFormatter",
                lines -> hasOffset(lines, "classic-group", 1, 5) && hasOffset(lines, "consumer-group", 1, 2));
        assertThat(hasOffset(offsets, "classic-group", 0, 3)).isTrue();
        assertThat(hasOffset(offsets, "consumer-group", 0, 4)).isTrue();
        JsonNode commit = offsets.stream()
                .filter(l -> l.at("/key/data/group").asText().equals("classic-group"))
                .filter(l -> l.at("/key/data/partition").asInt() == 1)
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(commit.at("/key/type").asInt())
                .as("OffsetCommitKey's record type")
                .isEqualTo(1);
        assertThat(commit.at("/key/data/topic").asText()).isEqualTo(TOPIC);
        assertThat(commit.at("/value/version").asInt()).isEqualTo(3);
        assertThat(commit.at("/value/data/metadata").asText()).isEqualTo("p1 of classic-group");
        assertThat(commit.at("/value/data/commitTimestamp").asLong()).isPositive();

        List<JsonNode> groups = readOffsetsTopic(cluster, "GroupMetadataMessageFormatter", lines -> lines.stream()
                .anyMatch(l -> isStableClassicGroup(l, "classic-group")));
        JsonNode classic = groups.stream()
                .filter(l -> isStableClassicGroup(l, "classic-group"))
                .findFirst()
                .orElseThrow();
        assertThat(classic.at("/key/type").asInt())
                .as("GroupMetadataKey's record type")
                .isEqualTo(2);
        assertThat(classic.at("/value/data/protocolType").asText()).isEqualTo("consumer");
        assertThat(classic.at("/value/data/generation").asInt()).isEqualTo(1);
        JsonNode member = classic.at("/value/data/members/0");
        assertThat(member.at("/clientId").asText()).isEqualTo("classic-group-client");
        assertThat(member.at("/memberId").asText())
                .isEqualTo(classic.at("/value/data/leader").asText())
                .startsWith("classic-group-client-");
        assertThat(member.at("/assignment").asText())
                .as("the leader's assignment")
                .isNotEmpty();

        assertKafkasSerdeReadsEveryRecord(cluster);
    }

    /** Kafka's own deserializer of {@code __consumer_offsets} reads every record, the KIP-848 group's among them. */
    private static void assertKafkasSerdeReadsEveryRecord(EmbeddedCluster cluster) {
        GroupCoordinatorRecordSerde kafka = new GroupCoordinatorRecordSerde();
        List<CoordinatorRecord> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cluster.consumerProps(null))) {
            TopicPartition partition = new TopicPartition(OFFSETS_TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            Await.until(WAIT, "read " + OFFSETS_TOPIC + " to its end", () -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    records.add(kafka.deserialize(
                            ByteBuffer.wrap(r.key()), r.value() == null ? null : ByteBuffer.wrap(r.value())));
                }
                return consumer.position(partition) >= end;
            });
        }
        assertThat(records)
                .anySatisfy(r -> {
                    assertThat(r.key()).isInstanceOf(ConsumerGroupMetadataKey.class);
                    assertThat(((ConsumerGroupMetadataKey) r.key()).groupId()).isEqualTo("consumer-group");
                    assertThat(((ConsumerGroupMetadataValue) r.value().message()).epoch())
                            .isPositive();
                })
                .anySatisfy(r -> {
                    assertThat(r.key()).isInstanceOf(ConsumerGroupMemberMetadataKey.class);
                    ConsumerGroupMemberMetadataValue value =
                            (ConsumerGroupMemberMetadataValue) r.value().message();
                    assertThat(value.clientId()).isEqualTo("consumer-group-client");
                    assertThat(value.subscribedTopicNames()).containsExactly(TOPIC);
                })
                .anySatisfy(r -> {
                    assertThat(r.value().message()).isInstanceOf(ConsumerGroupCurrentMemberAssignmentValue.class);
                    ConsumerGroupCurrentMemberAssignmentValue value = (ConsumerGroupCurrentMemberAssignmentValue)
                            r.value().message();
                    assertThat(value.assignedPartitions()).singleElement().satisfies(t -> assertThat(t.partitions())
                            .containsExactlyInAnyOrder(0, 1));
                });
    }

    /** Joins the group with a real consumer of {@code protocol}, then commits the given offsets synchronously. */
    private static void commitAsMember(
            EmbeddedCluster cluster, String group, String protocol, Map<Integer, Long> offsets) {
        Properties props = cluster.consumerProps(group);
        props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, group + "-client");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(TOPIC));
            Await.until(WAIT, group + " gets its partitions", () -> {
                consumer.poll(Duration.ofMillis(100));
                return consumer.assignment().size() == 2;
            });
            Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
            offsets.forEach((p, o) ->
                    commit.put(new TopicPartition(TOPIC, p), new OffsetAndMetadata(o, "p" + p + " of " + group)));
            consumer.commitSync(commit);
        }
    }

    private static boolean hasOffset(List<JsonNode> lines, String group, int partition, long offset) {
        return lines.stream()
                .anyMatch(l -> l.at("/key/data/group").asText().equals(group)
                        && l.at("/key/data/topic").asText().equals(TOPIC)
                        && l.at("/key/data/partition").asInt() == partition
                        && l.at("/value/data/offset").asLong() == offset);
    }

    private static boolean isStableClassicGroup(JsonNode line, String group) {
        return line.at("/key/data/group").asText().equals(group)
                && !line.at("/value/data/protocol").isNull()
                && line.at("/value/data/members").size() == 1
                && !line.at("/value/data/members/0/assignment").asText().isEmpty();
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /**
     * Runs Kafka's console consumer over partition 0 of {@code __consumer_offsets} from the beginning with the given
     * formatter until the records it printed (JSON documents, one after the other) satisfy {@code complete}.
     */
    private static List<JsonNode> readOffsetsTopic(
            EmbeddedCluster cluster, String formatter, Predicate<List<JsonNode>> complete) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path errors = Files.createTempFile("console-consumer-", ".err");
        Process process = new ProcessBuilder(
                        java,
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "org.apache.kafka.tools.consumer.ConsoleConsumer",
                        "--bootstrap-server",
                        cluster.bootstrapServers(),
                        "--topic",
                        OFFSETS_TOPIC,
                        "--partition",
                        "0",
                        "--offset",
                        "earliest",
                        "--formatter",
                        FORMATTERS + formatter,
                        "--command-property",
                        "exclude.internal.topics=false")
                .redirectError(errors.toFile())
                .start();
        List<JsonNode> printed = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(
                () -> {
                    try (MappingIterator<JsonNode> documents =
                            JSON.readerFor(JsonNode.class).readValues(process.getInputStream())) {
                        while (documents.hasNextValue()) {
                            printed.add(documents.nextValue());
                        }
                    } catch (IOException | RuntimeException e) {
                        // The process ended (or printed something that is not JSON: the wait below reports it).
                    }
                },
                "console-consumer-" + formatter);
        reader.start();
        try {
            Await.until(
                    WAIT,
                    () -> formatter + " printed what was committed; it printed " + printed + ", and on stderr: "
                            + readQuietly(errors),
                    () -> complete.test(printed));
        } finally {
            process.destroy();
            Files.deleteIfExists(errors);
        }
        return List.copyOf(printed);
    }
}
