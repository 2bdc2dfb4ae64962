package io.runnel.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apache Kafka Streams 4.3.0's word count (at_least_once) against Runnel: it creates its own repartition and
 * changelog topics, runs as a consumer group, and produces the correct final count for every word.
 */
@Cluster(brokerProperties = {"group.initial.rebalance.delay.ms=0", "offsets.topic.num.partitions=5"})
class KafkaStreamsWordCountIT {

    @TempDir
    Path stateDir;

    @Test
    void wordCountProducesTheCorrectFinalCounts(EmbeddedCluster cluster) throws Exception {
        cluster.createTopic("lines", 3, Map.of());
        cluster.createTopic("counts", 3, Map.of());
        String[] vocabulary = {"stream", "log", "broker", "Partition", "offset", "record", "topic", "group"};
        Random random = new Random(11);
        Map<String, Long> expected = new HashMap<>();
        Properties pp = cluster.producerProps();
        pp.put("key.serializer", StringSerializer.class.getName());
        pp.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
            for (int i = 0; i < 2000; i++) {
                StringBuilder line = new StringBuilder();
                for (int w = 0, n = 1 + random.nextInt(8); w < n; w++) {
                    String word = vocabulary[random.nextInt(vocabulary.length)];
                    line.append(word).append(' ');
                    expected.merge(word.toLowerCase(Locale.ROOT), 1L, Long::sum);
                }
                producer.send(new ProducerRecord<>("lines", "line-" + i, line.toString()));
            }
        }

        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "wordcount");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "0");
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        props.put("consumer.auto.offset.reset", "earliest");
        StreamsBuilder builder = new StreamsBuilder();
        builder.<String, String>stream("lines")
                .flatMapValues(
                        line -> Arrays.asList(line.toLowerCase(Locale.ROOT).split("\\s+")))
                .filter((k, w) -> !w.isEmpty())
                .groupBy((k, w) -> w)
                .count()
                .toStream()
                .to("counts", Produced.with(Serdes.String(), Serdes.Long()));

        Map<String, Long> latest = new HashMap<>();
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            streams.start();
            Properties cp = cluster.consumerProps(null);
            cp.put("key.deserializer", StringDeserializer.class.getName());
            cp.put("value.deserializer", LongDeserializer.class.getName());
            try (KafkaConsumer<String, Long> consumer = new KafkaConsumer<>(cp)) {
                List<org.apache.kafka.common.TopicPartition> tps = List.of(
                        new org.apache.kafka.common.TopicPartition("counts", 0),
                        new org.apache.kafka.common.TopicPartition("counts", 1),
                        new org.apache.kafka.common.TopicPartition("counts", 2));
                consumer.assign(tps);
                consumer.seekToBeginning(tps);
                Await.until(Duration.ofSeconds(120), "the final word counts", () -> {
                    for (ConsumerRecord<String, Long> r : consumer.poll(Duration.ofMillis(200))) {
                        latest.put(r.key(), r.value());
                    }
                    return latest.equals(expected);
                });
            }
            assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
        assertThat(latest).isEqualTo(expected);

        // Its internal topics exist with the configs Streams asked for.
        var topics = cluster.admin().listTopics().names().get();
        String changelog = topics.stream()
                .filter(t -> t.startsWith("wordcount-") && t.endsWith("-changelog"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no changelog topic in " + topics));
        assertThat(topics)
                .anySatisfy(t -> assertThat(t).startsWith("wordcount-").endsWith("-repartition"));
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, changelog);
        Config c = cluster.admin().describeConfigs(List.of(r)).all().get().get(r);
        assertThat(c.get("cleanup.policy").value()).isEqualTo("compact");
    }
}
