package io.runnel.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Retention and compaction, observed the way an application would: through a consumer, within a bounded wait. */
@Cluster(
        brokerProperties = {
            "log.retention.check.interval.ms=200",
            "log.cleaner.backoff.ms=200",
            "log.segment.delete.delay.ms=0",
            "log.cleaner.dedupe.buffer.size=1048576"
        })
class RetentionAndCompactionIT {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Everything from the beginning to the end offset, as one list. */
    private static List<ConsumerRecord<byte[], byte[]>> readAll(EmbeddedCluster cluster, TopicPartition tp) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cluster.consumerProps(null))) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            List<ConsumerRecord<byte[], byte[]>> records = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(tp) < end) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read to the end offset " + end);
                }
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
            return records;
        }
    }

    @Test
    void segmentsPastRetentionMsDisappearFromTheStartOfTheLog(EmbeddedCluster cluster) throws Exception {
        cluster.createTopic("expiring", 1, Map.of("retention.ms", "60000", "segment.bytes", "1024"));
        long old = System.currentTimeMillis() - 3_600_000L;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.producerProps())) {
            for (int i = 0; i < 40; i++) {
                producer.send(new ProducerRecord<>("expiring", 0, old, bytes("k"), new byte[200]))
                        .get();
            }
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(
                                "expiring", 0, System.currentTimeMillis(), bytes("k"), new byte[200]))
                        .get();
            }
        }
        TopicPartition tp = new TopicPartition("expiring", 0);
        // Only whole segments go, and the one holding both old and new records stays: so the start moves to
        // a segment boundary at most a few records before offset 40.
        Await.until(Duration.ofSeconds(30), "old segments to be deleted by retention", () -> {
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(cluster.consumerProps(null))) {
                return c.beginningOffsets(List.of(tp)).get(tp) >= 30;
            }
        });
        // Retention may still be running: what is read starts wherever the log starts at that moment.
        List<ConsumerRecord<byte[], byte[]>> left = readAll(cluster, tp);
        long first = left.get(0).offset();
        assertThat(first).isGreaterThanOrEqualTo(30);
        assertThat(left).hasSize((int) (45 - first));
        assertThat(left.get(left.size() - 1).offset()).isEqualTo(44);
        assertThat(left.subList(left.size() - 5, left.size()))
                .as("the recent records are kept")
                .allSatisfy(r -> assertThat(r.timestamp()).isGreaterThan(old));
    }

    @Test
    void compactionKeepsTheLatestValueOfEveryKey(EmbeddedCluster cluster) throws Exception {
        cluster.createTopic(
                "table",
                1,
                Map.of(
                        "cleanup.policy", "compact",
                        "segment.bytes", "8192",
                        "min.cleanable.dirty.ratio", "0.01",
                        "delete.retention.ms", "100"));
        int keys = 20;
        int rounds = 30;
        java.util.Properties props = cluster.producerProps();
        // Batches must fit in a segment (a larger one is RECORD_LIST_TOO_LARGE, as in Kafka).
        props.put("batch.size", "2048");
        List<java.util.concurrent.Future<?>> sends = new java.util.ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (int round = 0; round < rounds; round++) {
                for (int k = 0; k < keys; k++) {
                    sends.add(producer.send(new ProducerRecord<>("table", bytes("key-" + k), bytes("round-" + round))));
                }
            }
            // A tombstone for key-0, then filler so that every record above sits in a closed segment.
            sends.add(producer.send(new ProducerRecord<>("table", bytes("key-0"), null)));
            for (int i = 0; i < 200; i++) {
                sends.add(producer.send(new ProducerRecord<>("table", bytes("filler-" + i), bytes("x"))));
            }
            producer.flush();
            for (java.util.concurrent.Future<?> f : sends) {
                f.get();
            }
        }
        TopicPartition tp = new TopicPartition("table", 0);
        int produced = keys * rounds + 1 + 200;
        Await.until(Duration.ofSeconds(60), "compaction to remove overwritten values", () -> {
            long keyed = readAll(cluster, tp).stream()
                    .filter(r -> new String(r.key(), StandardCharsets.UTF_8).startsWith("key-"))
                    .count();
            return keyed <= keys;
        });
        List<ConsumerRecord<byte[], byte[]>> after = readAll(cluster, tp);
        assertThat(after.size()).isLessThan(produced);
        Map<String, String> latest = new java.util.HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : after) {
            latest.put(
                    new String(r.key(), StandardCharsets.UTF_8),
                    r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8));
        }
        for (int k = 1; k < keys; k++) {
            assertThat(latest).containsEntry("key-" + k, "round-" + (rounds - 1));
        }
        assertThat(latest.get("key-0"))
                .as("the tombstone or nothing remains for key-0")
                .isNull();
        for (int i = 0; i < 200; i++) {
            assertThat(latest).containsEntry("filler-" + i, "x");
        }
        for (int i = 1; i < after.size(); i++) {
            assertThat(after.get(i).offset()).isGreaterThan(after.get(i - 1).offset());
        }
    }
}
