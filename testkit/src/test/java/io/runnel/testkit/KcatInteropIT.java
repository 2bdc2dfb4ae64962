package io.runnel.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** librdkafka (through kcat) and the Java client exchange records through Runnel in both directions. */
@Cluster
class KcatInteropIT {

    private final Kcat kcat = Kcat.require();

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void kcatProducesAndTheJavaConsumerReadsEveryRecord(String codec, EmbeddedCluster cluster) throws Exception {
        String topic = "from-kcat-" + codec;
        cluster.createTopic(topic, 1, Map.of());
        StringBuilder lines = new StringBuilder();
        int count = 500;
        for (int i = 0; i < count; i++) {
            lines.append("key-")
                    .append(i)
                    .append(':')
                    .append("value ")
                    .append(i)
                    .append('\n');
        }
        Kcat.Result produced = kcat.run(
                List.of(
                        "-b",
                        cluster.bootstrapServers(),
                        "-t",
                        topic,
                        "-P",
                        "-K:",
                        "-z",
                        codec,
                        "-H",
                        "origin=kcat",
                        "-X",
                        "acks=all"),
                lines.toString(),
                60);
        assertThat(produced.exitCode()).as(produced.stderr()).isZero();

        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cluster.consumerProps(null))) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            assertThat(records).hasSize(count);
            for (int i = 0; i < count; i++) {
                ConsumerRecord<byte[], byte[]> r = records.get(i);
                assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("key-" + i);
                assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("value " + i);
                assertThat(new String(r.headers().lastHeader("origin").value(), StandardCharsets.UTF_8))
                        .isEqualTo("kcat");
            }
        }
    }

    @Test
    void theJavaProducerWritesAndKcatReadsEveryRecord(EmbeddedCluster cluster) throws Exception {
        cluster.createTopic("to-kcat", 3, Map.of());
        int count = 300;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.producerProps())) {
            for (int i = 0; i < count; i++) {
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(
                        "to-kcat",
                        i % 3,
                        ("k" + i).getBytes(StandardCharsets.UTF_8),
                        ("v" + i).getBytes(StandardCharsets.UTF_8));
                r.headers().add(new RecordHeader("h", ("x" + i).getBytes(StandardCharsets.UTF_8)));
                producer.send(r);
            }
            producer.flush();
        }
        Kcat.Result consumed = kcat.run(
                List.of(
                        "-b",
                        cluster.bootstrapServers(),
                        "-t",
                        "to-kcat",
                        "-C",
                        "-e",
                        "-q",
                        "-o",
                        "beginning",
                        "-f",
                        "%p|%o|%k|%s|%h\\n"),
                null,
                60);
        assertThat(consumed.exitCode()).as(consumed.stderr()).isZero();
        List<String> lines = consumed.stdout().lines().toList();
        assertThat(lines).hasSize(count);
        for (int i = 0; i < count; i++) {
            int partition = i % 3;
            long offset = i / 3;
            assertThat(lines).contains(partition + "|" + offset + "|k" + i + "|v" + i + "|h=x" + i);
        }
    }

    @Test
    void kcatListsTheBrokerAndTopics(EmbeddedCluster cluster) throws Exception {
        cluster.createTopic("listed", 2, Map.of());
        Kcat.Result metadata = kcat.run(List.of("-b", cluster.bootstrapServers(), "-L"), null, 30);
        assertThat(metadata.exitCode()).as(metadata.stderr()).isZero();
        assertThat(metadata.stdout())
                .contains("1 brokers:")
                .contains("topic \"listed\" with 2 partitions")
                .contains("partition 0, leader 1, replicas: 1, isrs: 1");
    }
}
