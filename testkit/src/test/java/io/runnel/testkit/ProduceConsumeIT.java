package io.runnel.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real kafka-clients 4.3.0 producer and consumer against one Runnel broker. */
@Cluster
class ProduceConsumeIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Reads exactly {@code expected} records from the assigned partitions, failing after a bounded wait. */
    private static List<ConsumerRecord<byte[], byte[]>> consume(KafkaConsumer<byte[], byte[]> consumer, int expected) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (records.size() < expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("consumed only " + records.size() + " of " + expected + " records");
            }
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }

    @Test
    void aDefaultProducerAndAnAssignedConsumerMoveOneHundredThousandKeyedRecordsExactlyOnceInOrder(
            EmbeddedCluster cluster) throws Exception {
        int partitions = 6;
        int count = 100_000;
        cluster.createTopic("events", partitions, Map.of());
        Map<String, Integer> partitionOfKey = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.producerProps())) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String key = "key-" + (i % 1000);
                ProducerRecord<byte[], byte[]> record =
                        new ProducerRecord<>("events", null, bytes(key), bytes("value-" + i));
                record.headers().add(new RecordHeader("seq", bytes(Integer.toString(i))));
                record.headers().add(new RecordHeader("empty", null));
                sends.add(producer.send(record));
            }
            producer.flush();
            for (int i = 0; i < count; i++) {
                RecordMetadata md = sends.get(i).get();
                String key = "key-" + (i % 1000);
                Integer previous = partitionOfKey.putIfAbsent(key, md.partition());
                assertThat(previous == null || previous == md.partition())
                        .as("key %s stays on one partition", key)
                        .isTrue();
            }
        }
        Properties props = cluster.consumerProps(null);
        props.put("max.poll.records", "2000");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition("events", p));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            List<ConsumerRecord<byte[], byte[]>> records = consume(consumer, count);
            assertThat(records).hasSize(count);
            assertThat(consumer.poll(Duration.ofMillis(500))).as("nothing more").isEmpty();
            boolean[] seen = new boolean[count];
            Map<Integer, Integer> lastSeqPerPartition = new HashMap<>();
            Map<Integer, Long> lastOffsetPerPartition = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : records) {
                int seq = Integer.parseInt(
                        new String(r.headers().lastHeader("seq").value(), StandardCharsets.UTF_8));
                assertThat(seen[seq]).as("record %d delivered once", seq).isFalse();
                seen[seq] = true;
                String key = new String(r.key(), StandardCharsets.UTF_8);
                assertThat(key).isEqualTo("key-" + (seq % 1000));
                assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("value-" + seq);
                assertThat(r.partition()).isEqualTo(partitionOfKey.get(key));
                assertThat(r.headers().lastHeader("empty").value()).isNull();
                Integer last = lastSeqPerPartition.put(r.partition(), seq);
                assertThat(last == null || last < seq)
                        .as("order within partition %d", r.partition())
                        .isTrue();
                Long lastOffset = lastOffsetPerPartition.put(r.partition(), r.offset());
                assertThat(lastOffset == null || r.offset() == lastOffset + 1)
                        .as("dense offsets in partition %d", r.partition())
                        .isTrue();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void everyCompressionTypeRoundTrips(String compression, EmbeddedCluster cluster) throws Exception {
        String topic = "compressed-" + compression;
        cluster.createTopic(topic, 1, Map.of());
        Properties props = cluster.producerProps();
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        int count = 5000;
        Random random = new Random(42);
        List<byte[]> values = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < count; i++) {
                byte[] value = bytes("compressible " + (i % 7) + " payload " + random.nextInt(100));
                values.add(value);
                producer.send(new ProducerRecord<>(topic, bytes("k" + i), value));
            }
            producer.flush();
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cluster.consumerProps(null))) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<ConsumerRecord<byte[], byte[]>> records = consume(consumer, count);
            for (int i = 0; i < count; i++) {
                assertThat(records.get(i).offset()).isEqualTo(i);
                assertThat(records.get(i).key()).isEqualTo(bytes("k" + i));
                assertThat(records.get(i).value()).isEqualTo(values.get(i));
            }
        }
    }

    @Test
    void aNineHundredKilobyteRecordRoundTripsAndOneOverMaxMessageBytesIsRejected(EmbeddedCluster cluster)
            throws Exception {
        cluster.createTopic("big", 1, Map.of());
        cluster.createTopic("small-limit", 1, Map.of("max.message.bytes", "100000"));
        byte[] big = new byte[900 * 1024];
        new Random(7).nextBytes(big);
        Properties props = cluster.producerProps();
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "2000000");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            RecordMetadata md =
                    producer.send(new ProducerRecord<>("big", bytes("k"), big)).get();
            assertThat(md.offset()).isZero();
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("small-limit", bytes("k"), new byte[200_000]))
                            .get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(RecordTooLargeException.class);
            // The topic still works for records within the limit.
            assertThat(producer.send(new ProducerRecord<>("small-limit", bytes("k"), new byte[1000]))
                            .get()
                            .offset())
                    .isZero();
        }
        Properties cprops = cluster.consumerProps(null);
        cprops.put("max.partition.fetch.bytes", "1048576");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cprops)) {
            TopicPartition tp = new TopicPartition("big", 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            assertThat(consume(consumer, 1).get(0).value()).isEqualTo(big);
        }
    }

    @Test
    void offsetsForTimesBeginningAndEndOffsetsAndSeekWork(EmbeddedCluster cluster) throws Exception {
        cluster.createTopic("timed", 1, Map.of());
        long base = System.currentTimeMillis() - 100_000;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.producerProps())) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>("timed", 0, base + i * 1000L, bytes("k" + i), bytes("v" + i)))
                        .get();
            }
        }
        TopicPartition tp = new TopicPartition("timed", 0);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cluster.consumerProps(null))) {
            assertThat(consumer.beginningOffsets(List.of(tp))).containsEntry(tp, 0L);
            assertThat(consumer.endOffsets(List.of(tp))).containsEntry(tp, 100L);
            Map<TopicPartition, OffsetAndTimestamp> at = consumer.offsetsForTimes(Map.of(tp, base + 42_000L));
            assertThat(at.get(tp).offset()).isEqualTo(42);
            assertThat(at.get(tp).timestamp()).isEqualTo(base + 42_000L);
            assertThat(consumer.offsetsForTimes(Map.of(tp, base + 42_500L))
                            .get(tp)
                            .offset())
                    .isEqualTo(43);
            assertThat(consumer.offsetsForTimes(Map.of(tp, base + 1_000_000L)).get(tp))
                    .isNull();

            consumer.assign(List.of(tp));
            consumer.seek(tp, 77);
            ConsumerRecord<byte[], byte[]> first = consume(consumer, 1).get(0);
            assertThat(first.offset()).isEqualTo(77);
            assertThat(first.value()).isEqualTo(bytes("v77"));
        }
    }

    @Test
    void deleteRecordsAdvancesTheLogStartOffset(EmbeddedCluster cluster) throws Exception {
        cluster.createTopic("trimmed", 1, Map.of());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.producerProps())) {
            for (int i = 0; i < 50; i++) {
                producer.send(new ProducerRecord<>("trimmed", bytes("k"), bytes("v" + i)));
            }
            producer.flush();
        }
        TopicPartition tp = new TopicPartition("trimmed", 0);
        long low = cluster.admin()
                .deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(30)))
                .lowWatermarks()
                .get(tp)
                .get()
                .lowWatermark();
        assertThat(low).isEqualTo(30);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cluster.consumerProps(null))) {
            assertThat(consumer.beginningOffsets(List.of(tp))).containsEntry(tp, 30L);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<ConsumerRecord<byte[], byte[]>> rest = consume(consumer, 20);
            assertThat(rest.get(0).offset()).isEqualTo(30);
            assertThat(rest.get(0).value()).isEqualTo(bytes("v30"));
        }
    }
}
