package io.runnel.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.junit.jupiter.api.Test;

/**
 * The paths on which kafka-clients 4.x names a topic by its id rather than its name: Admin's describe and delete
 * by id (Metadata v12+ and DeleteTopics v6+ with topic ids), the consumer's fetches (Fetch v13+ carries only topic
 * ids) and produces (Produce v13+), the new group protocol's offset commits and fetches (OffsetCommit and
 * OffsetFetch v10), and the consumer's leader-epoch validation after a seek (OffsetForLeaderEpoch, by name, on a
 * topic that has an id: ListOffsets, OffsetForLeaderEpoch and DescribeTopicPartitions have no by-id form in
 * kafka-clients 4.3). An id nobody knows is answered with UNKNOWN_TOPIC_ID (on the wire for Fetch, Produce and
 * DeleteTopics too: ApiVersionSweepTest).
 */
@Cluster
class TopicIdIT {

    private static Uuid idOf(Admin admin, String topic) throws Exception {
        return admin.describeTopics(Set.of(topic))
                .allTopicNames()
                .get()
                .get(topic)
                .topicId();
    }

    @Test
    void adminDescribesATopicByItsId(EmbeddedCluster cluster) throws Exception {
        cluster.createTopic("by-id", 3, Map.of());
        Admin admin = cluster.admin();
        Uuid id = idOf(admin, "by-id");
        assertThat(id).isNotEqualTo(Uuid.ZERO_UUID);

        Map<Uuid, TopicDescription> byId = admin.describeTopics(TopicCollection.ofTopicIds(List.of(id)))
                .allTopicIds()
                .get();

        assertThat(byId).containsOnlyKeys(id);
        TopicDescription d = byId.get(id);
        assertThat(d.name()).isEqualTo("by-id");
        assertThat(d.topicId()).isEqualTo(id);
        assertThat(d.partitions()).hasSize(3);
        assertThat(d.partitions().get(0).leader()).isNotNull();
    }

    @Test
    void describingAnUnknownTopicIdFailsWithUnknownTopicId(EmbeddedCluster cluster) {
        cluster.createTopic("known", 1, Map.of());
        Uuid unknown = Uuid.randomUuid();

        assertThatThrownBy(() -> cluster.admin()
                        .describeTopics(TopicCollection.ofTopicIds(List.of(unknown)))
                        .allTopicIds()
                        .get())
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(UnknownTopicIdException.class);
    }

    @Test
    void adminDeletesATopicByItsIdAndAnUnknownIdFailsWithUnknownTopicId(EmbeddedCluster cluster) throws Exception {
        cluster.createTopic("doomed", 2, Map.of());
        cluster.createTopic("survivor", 1, Map.of());
        Admin admin = cluster.admin();
        Uuid id = idOf(admin, "doomed");

        admin.deleteTopics(TopicCollection.ofTopicIds(List.of(id))).all().get();

        Await.until(Duration.ofSeconds(30), "topic 'doomed' is gone", () -> {
            try {
                return !admin.listTopics().names().get().contains("doomed");
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(admin.listTopics().names().get()).contains("survivor");
        assertThatThrownBy(() -> admin.describeTopics(TopicCollection.ofTopicIds(List.of(id)))
                        .allTopicIds()
                        .get())
                .hasCauseInstanceOf(UnknownTopicIdException.class);
        assertThatThrownBy(() -> admin.deleteTopics(TopicCollection.ofTopicIds(List.of(Uuid.randomUuid())))
                        .all()
                        .get())
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(UnknownTopicIdException.class);
    }

    @Test
    void theConsumerFetchesByTopicIdAndValidatesALeaderEpochAfterASeek(EmbeddedCluster cluster) throws Exception {
        cluster.createTopic("fetched", 1, Map.of());
        int count = 20;
        RecordMetadata last = null;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.producerProps())) {
            for (int i = 0; i < count; i++) {
                last = producer.send(new ProducerRecord<>("fetched", ("v" + i).getBytes(StandardCharsets.UTF_8)))
                        .get();
            }
        }
        assertThat(last.offset()).isEqualTo(count - 1);

        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cluster.consumerProps(null))) {
            TopicPartition tp = new TopicPartition("fetched", 0);
            consumer.assign(List.of(tp));
            // A seek that carries a leader epoch makes the consumer validate its position with
            // OffsetForLeaderEpoch before fetching from it.
            consumer.seek(tp, new OffsetAndMetadata(5, Optional.of(0), ""));
            List<String> values = new ArrayList<>();
            Await.until(Duration.ofSeconds(30), () -> "records from offset 5, got " + values, () -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    values.add(new String(r.value(), StandardCharsets.UTF_8));
                }
                return values.size() >= count - 5;
            });
            List<String> expected = new ArrayList<>();
            for (int i = 5; i < count; i++) {
                expected.add("v" + i);
            }
            assertThat(values).isEqualTo(expected);
            assertThat(consumer.position(tp)).isEqualTo(count);
        }
    }

    @Test
    void aConsumerOfTheNewGroupProtocolCommitsAndResumesByTopicId(EmbeddedCluster cluster) throws Exception {
        // With group.protocol=consumer, kafka-clients 4.x commits and fetches offsets by topic id (OffsetCommit and
        // OffsetFetch v10) and gets its assignment as topic ids (ConsumerGroupHeartbeat).
        cluster.createTopic("resumed", 2, Map.of());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.producerProps())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("resumed", i % 2, null, ("r" + i).getBytes(StandardCharsets.UTF_8)))
                        .get();
            }
        }
        java.util.Properties props = cluster.consumerProps("by-id-group");
        props.put("group.protocol", "consumer");
        props.put("enable.auto.commit", "false");
        List<String> first = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of("resumed"));
            Await.until(Duration.ofSeconds(60), () -> "10 records, got " + first, () -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    first.add(new String(r.value(), StandardCharsets.UTF_8));
                }
                return first.size() >= 10;
            });
            consumer.commitSync();
        }
        assertThat(first).hasSize(10);
        Map<TopicPartition, OffsetAndMetadata> committed = cluster.admin()
                .listConsumerGroupOffsets("by-id-group")
                .partitionsToOffsetAndMetadata()
                .get();
        assertThat(committed).containsOnlyKeys(new TopicPartition("resumed", 0), new TopicPartition("resumed", 1));
        assertThat(committed.values()).allSatisfy(o -> assertThat(o.offset()).isEqualTo(5));

        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.producerProps())) {
            producer.send(new ProducerRecord<>("resumed", 0, null, "after".getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
        List<String> second = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of("resumed"));
            Await.until(Duration.ofSeconds(60), () -> "the record after the commit, got " + second, () -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    second.add(new String(r.value(), StandardCharsets.UTF_8));
                }
                return !second.isEmpty();
            });
        }
        assertThat(second)
                .as("a member resuming from the committed offsets reads only what came after")
                .containsExactly("after");
    }
}
