package io.runnel.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * librdkafka's balanced consumer (kcat -G, classic protocol) in a group of three: two partitions each; when one
 * member is killed, the other two take over its partitions after its session expires, and every record is read.
 */
@Cluster(brokerProperties = {"group.initial.rebalance.delay.ms=0", "offsets.topic.num.partitions=5"})
class KcatGroupIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    /** A kcat balanced consumer whose output lines ("partition offset") go to a shared map. */
    private static final class KcatMember implements AutoCloseable {
        final Process process;
        final Thread reader;

        KcatMember(String name, String bootstrap, Map<String, List<String>> deliveries) throws IOException {
            Kcat.require();
            process = new ProcessBuilder(
                            "kcat",
                            "-b",
                            bootstrap,
                            "-G",
                            "kcat-group",
                            "-q",
                            "-u",
                            "-f",
                            "%p %o\\n",
                            "-X",
                            "session.timeout.ms=6000",
                            "-X",
                            "heartbeat.interval.ms=1000",
                            "-X",
                            "auto.offset.reset=earliest",
                            "-X",
                            "auto.commit.interval.ms=200",
                            "-X",
                            "client.id=" + name,
                            "balanced")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            reader = new Thread(() -> {
                try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        deliveries
                                .computeIfAbsent(line.trim(), k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                                .add(name);
                    }
                } catch (IOException e) {
                    // Process gone.
                }
            });
            reader.start();
        }

        void kill9() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            reader.join(10_000);
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                kill9();
            }
        }
    }

    private static void produce(EmbeddedCluster cluster, int from, int count) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.producerProps())) {
            for (int i = from; i < from + count; i++) {
                producer.send(new ProducerRecord<>(
                        "balanced", i % 6, null, Integer.toString(i).getBytes()));
            }
            producer.flush();
        }
    }

    private static ConsumerGroupDescription describe(EmbeddedCluster cluster) {
        try {
            return cluster.admin()
                    .describeConsumerGroups(List.of("kcat-group"))
                    .all()
                    .get()
                    .get("kcat-group");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long committed(EmbeddedCluster cluster) {
        try {
            return cluster
                    .admin()
                    .listConsumerGroupOffsets("kcat-group")
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .values()
                    .stream()
                    .mapToLong(OffsetAndMetadata::offset)
                    .sum();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean balanced(EmbeddedCluster cluster, int members) {
        ConsumerGroupDescription d;
        try {
            d = describe(cluster);
        } catch (IllegalStateException notYet) {
            // The group does not exist until the first member joins.
            return false;
        }
        if (d.members().size() != members) {
            return false;
        }
        int total = 0;
        for (MemberDescription m : d.members()) {
            int n = m.assignment().topicPartitions().size();
            if (n != 6 / members) {
                return false;
            }
            total += n;
        }
        return total == 6;
    }

    @Test
    void threeKcatMembersShareSixPartitionsAndTheSurvivorsTakeOverAfterOneIsKilled(EmbeddedCluster cluster)
            throws Exception {
        cluster.createTopic("balanced", 6, Map.of());
        produce(cluster, 0, 3000);
        Map<String, List<String>> deliveries = new ConcurrentHashMap<>();
        try (KcatMember a = new KcatMember("a", cluster.bootstrapServers(), deliveries);
                KcatMember b = new KcatMember("b", cluster.bootstrapServers(), deliveries);
                KcatMember c = new KcatMember("c", cluster.bootstrapServers(), deliveries)) {
            Await.until(WAIT, "three kcat members with two partitions each", () -> balanced(cluster, 3));
            Await.until(WAIT, "the first 3000 records", () -> deliveries.size() >= 3000);

            c.kill9();
            Await.until(WAIT, "two members covering all six partitions", () -> balanced(cluster, 2));
            produce(cluster, 3000, 3000);
            Await.until(WAIT, "all 6000 records", () -> deliveries.size() >= 6000);
            // librdkafka auto-commits every 200 ms: the group's offsets, read through Admin, reach every log end.
            Await.until(
                    WAIT, () -> "the kcat group's offsets cover all 6000 records", () -> committed(cluster) == 6000);
        }
        assertThat(deliveries).hasSize(6000);
        List<String> illegal = new ArrayList<>();
        deliveries.forEach((record, members) -> {
            if (members.size() > 1 && !members.contains("c")) {
                illegal.add(record + " " + members);
            }
        });
        assertThat(illegal).as("records read twice by the surviving members").isEmpty();
    }
}
