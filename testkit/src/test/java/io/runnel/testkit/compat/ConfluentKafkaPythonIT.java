package io.runnel.testkit.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.testkit.Cluster;
import io.runnel.testkit.EmbeddedCluster;
import io.runnel.testkit.RequiredTool;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python's confluent-kafka (Debian's {@code python3-confluent-kafka}, on librdkafka) against Runnel: it describes a
 * topic the Java producer filled, creates and deletes a scratch topic, produces with every codec, and reads
 * everything in a consumer group that commits; the Java clients then see its records and its group's offsets.
 */
@Cluster(brokerProperties = {"group.initial.rebalance.delay.ms=0", "offsets.topic.num.partitions=3"})
class ConfluentKafkaPythonIT {

    private static final String PYTHON = "/usr/bin/python3";
    private static final List<String> CODECS = List.of("none", "gzip", "snappy", "lz4", "zstd");
    private static final int PER_CODEC = 20;
    private static final int FROM_JAVA = 30;

    @TempDir
    Path dir;

    @Test
    void pythonDescribesProducesConsumesInAGroupCommitsAndManagesTopics(EmbeddedCluster cluster) throws Exception {
        String python = RequiredTool.pythonWithModule(PYTHON, "confluent_kafka", "python3-confluent-kafka");
        String topic = "from-python";
        cluster.createTopic(topic, 3, Map.of());
        List<String> expected = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.producerProps())) {
            for (int i = 0; i < FROM_JAVA; i++) {
                producer.send(new ProducerRecord<>(topic, bytes("java-" + i), bytes("java " + i)))
                        .get();
                expected.add("java-" + i + "=java " + i);
            }
        }
        List<String> fromPython = new ArrayList<>();
        for (String codec : CODECS) {
            for (int i = 0; i < PER_CODEC; i++) {
                fromPython.add("py-" + codec + "-" + i + "=python " + codec + " " + i);
            }
        }
        expected.addAll(fromPython);

        Path script = dir.resolve("confluent_kafka_smoke.py");
        try (InputStream in = getClass().getResourceAsStream("/compat/confluent_kafka_smoke.py")) {
            Files.copy(in, script);
        }
        Path out = dir.resolve("python-output.txt");
        Process p = new ProcessBuilder(
                        python,
                        script.toString(),
                        cluster.bootstrapServers(),
                        topic,
                        "python-group",
                        "python-scratch",
                        String.valueOf(PER_CODEC),
                        String.valueOf(FROM_JAVA))
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        boolean finished = p.waitFor(180, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(out);
        assertThat(finished).as("python finished within 180 s:%n%s", output).isTrue();
        assertThat(p.exitValue()).as("python smoke run:%n%s", output).isZero();

        assertThat(results(output, "partitions")).containsExactly("3");
        assertThat(results(output, "produced")).containsExactly(String.valueOf(fromPython.size()));
        assertThat(results(output, "consumed"))
                .as("what the python group consumer read")
                .containsExactlyInAnyOrderElementsOf(expected);

        List<String> stored = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cluster.consumerProps(null))) {
            List<TopicPartition> tps =
                    List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1), new TopicPartition(topic, 2));
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (stored.size() < expected.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    stored.add(new String(r.key(), StandardCharsets.UTF_8) + "="
                            + new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        assertThat(stored).containsExactlyInAnyOrderElementsOf(expected);

        Map<TopicPartition, OffsetAndMetadata> committed = cluster.admin()
                .listConsumerGroupOffsets("python-group")
                .partitionsToOffsetAndMetadata()
                .get();
        assertThat(committed.values().stream()
                        .mapToLong(OffsetAndMetadata::offset)
                        .sum())
                .as("offsets the python group committed")
                .isEqualTo(expected.size());

        assertThat(cluster.admin().listTopics().names().get()).contains(topic).doesNotContain("python-scratch");
        assertThat(results(output, "topics")).hasSize(1);
        assertThat(results(output, "topics").get(0).split(",")).contains(topic).doesNotContain("python-scratch");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> results(String output, String what) {
        String prefix = "RESULT " + what + " ";
        return output.lines()
                .filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(prefix.length()))
                .collect(Collectors.toList());
    }
}
