package io.runnel.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.runnel.protocol.record.Compression;
import io.runnel.protocol.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.coordinator.common.runtime.CoordinatorRecord;
import org.apache.kafka.coordinator.group.GroupCoordinatorRecordSerde;
import org.apache.kafka.coordinator.group.generated.OffsetCommitKey;
import org.apache.kafka.coordinator.group.generated.OffsetCommitValue;
import org.junit.jupiter.api.Test;

/**
 * A data directory whose {@code __consumer_offsets} holds records of Runnel's legacy layout (as versions before the
 * move to Kafka's formats wrote them) still loads: the broker restarts on it, serves the committed offsets of both
 * layouts to Admin and to a consumer of the group, and restates the legacy state in Kafka's format.
 */
@Cluster(brokerProperties = {"group.initial.rebalance.delay.ms=0", "offsets.topic.num.partitions=1"})
class LegacyConsumerOffsetsIT {

    private static final String TOPIC = "orders";
    private static final Duration WAIT = Duration.ofSeconds(60);

    /**
     * Bytes of the legacy layout as the legacy serde wrote them (RecordSerdeTest checks that its writer, kept in
     * coordinator's test scope, produces exactly these): the offset commit of legacy-group on orders-1 at 42 with
     * metadata "written by Runnel 0.1", and legacy-group as an empty classic group of protocol type consumer in
     * generation 3.
     */
    static final String[][] LEGACY_RECORDS = {
        {
            "00000000000c6c65676163792d67726f7570000000066f726465727300000001",
            "0000000000000000002affffffff000000157772697474656e2062792052756e6e656c20302e310000018bcfe56800ffffffffffffffff"
        },
        {
            "00010000000c6c65676163792d67726f7570",
            "000000000008636f6e73756d657200000003ffffffffffffffff000000018bcfe5680000000000"
        }
    };

    @Test
    void aBrokerRestartedOnOffsetsWrittenInTheLegacyLayoutServesThemWithThoseWrittenSince(EmbeddedCluster cluster)
            throws Exception {
        cluster.createTopic(TOPIC, 2, Map.of());
        commit(cluster, "current-group", Map.of(0, 7L));

        // What an older Runnel left in the partition, appended as its coordinator did.
        RecordBatchBuilder legacy = new RecordBatchBuilder(Compression.NONE, 0);
        for (String[] record : LEGACY_RECORDS) {
            legacy.append(System.currentTimeMillis(), hex(record[0]), hex(record[1]));
        }
        ByteBuf batch = legacy.build();
        cluster.broker(0).replicaManager().partition("__consumer_offsets", 0).appendRecordsFromCoordinator(batch);
        cluster.restart(0);

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets =
                    Await.value(WAIT, "the legacy group's offsets after the restart", () -> {
                        try {
                            Map<TopicPartition, OffsetAndMetadata> o = admin.listConsumerGroupOffsets("legacy-group")
                                    .partitionsToOffsetAndMetadata()
                                    .get();
                            return o.isEmpty() ? null : o;
                        } catch (Exception e) {
                            return null; // the coordinator is still loading
                        }
                    });
            assertThat(offsets)
                    .containsExactly(Map.entry(
                            new TopicPartition(TOPIC, 1), new OffsetAndMetadata(42, "written by Runnel 0.1")));
            assertThat(admin.listConsumerGroupOffsets("current-group")
                            .partitionsToOffsetAndMetadata()
                            .get())
                    .containsEntry(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(7, ""));
            assertThat(admin.listConsumerGroups().all().get())
                    .extracting(ConsumerGroupListing::groupId)
                    .contains("legacy-group", "current-group");
        }

        // On load the broker restated the legacy state in Kafka's format (followed by tombstones of the legacy keys),
        // so the cleaner can drop the legacy records.
        assertThat(restatedOffsetCommits(cluster)).contains("legacy-group orders-1 42 written by Runnel 0.1");

        // The group carries on from its legacy offsets, and what it commits now is in Kafka's format.
        commit(cluster, "legacy-group", Map.of(1, 50L));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            assertThat(admin.listConsumerGroupOffsets("legacy-group")
                            .partitionsToOffsetAndMetadata()
                            .get()
                            .get(new TopicPartition(TOPIC, 1))
                            .offset())
                    .isEqualTo(50);
        }
        cluster.restart(0);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            assertThat(Await.value(WAIT, "the newer commit wins after a second restart", () -> {
                        try {
                            OffsetAndMetadata o = admin.listConsumerGroupOffsets("legacy-group")
                                    .partitionsToOffsetAndMetadata()
                                    .get()
                                    .get(new TopicPartition(TOPIC, 1));
                            return o == null ? null : o.offset();
                        } catch (Exception e) {
                            return null;
                        }
                    }))
                    .isEqualTo(50L);
        }
    }

    /** The offset commits of {@code __consumer_offsets} that Kafka's own serde reads, as "group topic-p offset meta". */
    private static List<String> restatedOffsetCommits(EmbeddedCluster cluster) {
        GroupCoordinatorRecordSerde kafka = new GroupCoordinatorRecordSerde();
        List<String> commits = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cluster.consumerProps(null))) {
            TopicPartition partition = new TopicPartition("__consumer_offsets", 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            Await.until(WAIT, "read __consumer_offsets to its end", () -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        continue;
                    }
                    CoordinatorRecord record;
                    try {
                        record = kafka.deserialize(ByteBuffer.wrap(r.key()), ByteBuffer.wrap(r.value()));
                    } catch (RuntimeException e) {
                        continue; // a record of the legacy layout: Kafka's serde does not read it
                    }
                    if (record.key() instanceof OffsetCommitKey key) {
                        OffsetCommitValue value =
                                (OffsetCommitValue) record.value().message();
                        commits.add(key.group() + " " + key.topic() + "-" + key.partition() + " " + value.offset() + " "
                                + value.metadata());
                    }
                }
                return consumer.position(partition) >= end;
            });
        }
        return commits;
    }

    private static void commit(EmbeddedCluster cluster, String group, Map<Integer, Long> offsets) {
        Properties props = cluster.consumerProps(group);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            Map<TopicPartition, OffsetAndMetadata> commit = new java.util.HashMap<>();
            offsets.forEach((p, o) -> commit.put(new TopicPartition(TOPIC, p), new OffsetAndMetadata(o)));
            consumer.commitSync(commit, WAIT);
        }
    }

    private static byte[] hex(String s) {
        byte[] bytes = new byte[s.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }
}
