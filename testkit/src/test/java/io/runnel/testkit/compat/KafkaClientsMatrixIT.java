package io.runnel.testkit.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.testkit.Cluster;
import io.runnel.testkit.EmbeddedCluster;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kafka-clients 2.8, 3.0, 3.6 and the project's own release against Runnel, each in a child JVM whose class path
 * holds only that release (copied into {@code target/kafka-clients/<version>} by the build), its compression
 * libraries and {@link ClientSmokeMain}. The child creates, describes and deletes topics, produces with every
 * codec, reads everything back in a consumer group and commits; this test then checks with the current client
 * that the records are there, the group's offsets are committed, and the scratch topic is gone.
 */
@Cluster(brokerProperties = {"group.initial.rebalance.delay.ms=0", "offsets.topic.num.partitions=3"})
class KafkaClientsMatrixIT {

    private static final int PER_CODEC = 20;

    static Stream<String> versions() {
        String versions = System.getProperty("runnel.compat.kafka.versions");
        if (versions == null) {
            throw new IllegalStateException("runnel.compat.kafka.versions is not set: run this test through Maven");
        }
        return Arrays.stream(versions.split(",")).map(String::trim);
    }

    @ParameterizedTest(name = "kafka-clients {0}")
    @MethodSource("versions")
    void thisClientReleaseProducesConsumesInAGroupCommitsAndManagesTopics(String version, EmbeddedCluster cluster)
            throws Exception {
        String suffix = version.replace('.', '-');
        String topic = "matrix-" + suffix;
        String group = "matrix-group-" + suffix;
        String scratch = "matrix-scratch-" + suffix;

        Run run = runSmoke(version, cluster.bootstrapServers(), topic, group, scratch);

        assertThat(run.exitCode)
                .as("kafka-clients %s smoke run:%n%s", version, run.output)
                .isZero();
        assertThat(run.results("cluster"))
                .containsExactly(cluster.admin().describeCluster().clusterId().get());
        assertThat(run.results("partitions")).containsExactly("3");
        List<String> expected = new ArrayList<>();
        for (String codec : ClientSmokeMain.CODECS) {
            for (int i = 0; i < PER_CODEC; i++) {
                expected.add(codec + "-" + i + "=value " + codec + " " + i);
            }
        }
        assertThat(run.results("consumed"))
                .as("what kafka-clients %s's group consumer read", version)
                .containsExactlyInAnyOrderElementsOf(expected);

        // What the old client wrote, read back with the current one.
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
                .listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
        long sum =
                committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
        assertThat(sum)
                .as("offsets committed by kafka-clients %s's group", version)
                .isEqualTo(expected.size());
        List<String> committedLines = committed.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparingInt(TopicPartition::partition)))
                .map(e -> e.getKey().partition() + "=" + e.getValue().offset())
                .collect(Collectors.toList());
        assertThat(run.results("committed")).isEqualTo(committedLines);

        assertThat(cluster.admin().listTopics().names().get()).contains(topic).doesNotContain(scratch);
        assertThat(run.results("topics")).hasSize(1);
        assertThat(run.results("topics").get(0).split(",")).contains(topic).doesNotContain(scratch);
    }

    /** What a child JVM printed and how it ended. */
    private record Run(int exitCode, String output) {
        List<String> results(String what) {
            String prefix = "RESULT " + what + " ";
            return output.lines()
                    .filter(l -> l.startsWith(prefix))
                    .map(l -> l.substring(prefix.length()))
                    .collect(Collectors.toList());
        }
    }

    private static Run runSmoke(String version, String bootstrap, String topic, String group, String scratch)
            throws IOException, InterruptedException {
        Path dir = Path.of(System.getProperty("runnel.compat.kafka.dir"));
        List<String> classPath = new ArrayList<>();
        classPath.addAll(jars(dir.resolve(version)));
        classPath.addAll(jars(dir.resolve("common")));
        classPath.add(Path.of(ClientSmokeMain.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .getPath())
                .toString());
        String java = ProcessHandle.current().info().command().orElse("java");
        Path out = Files.createTempFile("client-smoke-" + version, ".txt");
        try {
            Process p = new ProcessBuilder(
                            java,
                            "-Xmx256m",
                            "-cp",
                            String.join(File.pathSeparator, classPath),
                            ClientSmokeMain.class.getName(),
                            bootstrap,
                            topic,
                            group,
                            scratch,
                            String.valueOf(PER_CODEC))
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new Run(-1, "did not finish within 180 s:\n" + Files.readString(out));
            }
            return new Run(p.exitValue(), Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static List<String> jars(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(dir + " is missing: the build copies each kafka-clients release there"
                    + " in pre-integration-test (run this test through Maven's verify)");
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> jars = files.filter(f -> f.toString().endsWith(".jar"))
                    .map(Path::toString)
                    .sorted()
                    .collect(Collectors.toList());
            assertThat(jars).as("jars in %s", dir).isNotEmpty();
            return jars;
        }
    }
}
