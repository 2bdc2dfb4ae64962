package io.runnel.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Cluster(brokerProperties = {"group.initial.rebalance.delay.ms=0"})
class GroupSmokeIT {

    @ParameterizedTest
    @ValueSource(strings = {"classic", "consumer"})
    void aGroupConsumesAndCommits(String protocol, EmbeddedCluster cluster) throws Exception {
        cluster.createTopic("g", 2, Map.of());
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(cluster.producerProps())) {
            for (int i = 0; i < 100; i++) {
                p.send(new ProducerRecord<>("g", ("k" + i).getBytes(), ("v" + i).getBytes()));
            }
        }
        Properties props = cluster.consumerProps("smoke-" + protocol);
        props.put("group.protocol", protocol);
        int n = 0;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props)) {
            c.subscribe(List.of("g"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (n < 100 && System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> recs = c.poll(Duration.ofMillis(200));
                n += recs.count();
            }
            c.commitSync();
            Map<TopicPartition, OffsetAndMetadata> committed =
                    c.committed(java.util.Set.of(new TopicPartition("g", 0), new TopicPartition("g", 1)));
            assertThat(committed.values().stream()
                            .mapToLong(OffsetAndMetadata::offset)
                            .sum())
                    .isEqualTo(100);
        }
        assertThat(n).isEqualTo(100);
    }
}
