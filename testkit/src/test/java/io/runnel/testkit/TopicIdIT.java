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
 * ids) and produces (Produce v13+), and the consumer's leader-epoch validation after a seek (OffsetForLeaderEpoch,
 * by name, on a topic that has an id). An id nobody knows is answered with UNKNOWN_TOPIC_ID.
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
}
