package io.runnel.server;

import io.runnel.common.time.Time;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The training run behind start-up class data sharing: {@code bin/runnel} runs it once after a build with {@code
 * -XX:ArchiveClassesAtExit}, so that the JVM archives every class a server loads to start and to serve its first
 * requests (topic creation, produce, fetch, a consumer group), and later servers map them instead of loading them.
 * It starts a node (through {@link RunnelNode}) on a free port in a temporary directory, drives it with the Java client, stops it and exits
 * normally (JDK 17 writes the archive only at a normal exit).
 */
public final class StartupTraining {

    private StartupTraining() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("runnel-training-");
        RunnelNode node = RunnelNode.builder(Map.of(
                        "listeners", "PLAINTEXT://127.0.0.1:0",
                        "log.dir", dir.toString(),
                        "group.initial.rebalance.delay.ms", "0",
                        "offsets.topic.num.partitions", "1"))
                .time(Time.SYSTEM)
                .build();
        try {
            node.start();
            Properties p = new Properties();
            p.put("bootstrap.servers", node.bootstrapServers());
            try (Admin admin = Admin.create(p)) {
                admin.createTopics(List.of(new NewTopic("training", 1, (short) 1)))
                        .all()
                        .get();
            }
            p.put("key.serializer", StringSerializer.class.getName());
            p.put("value.serializer", StringSerializer.class.getName());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
                for (int i = 0; i < 100; i++) {
                    producer.send(new ProducerRecord<>("training", "k" + i, "v" + i));
                }
                producer.send(new ProducerRecord<>("auto-created", "k", "v")).get();
            }
            Properties c = new Properties();
            c.put("bootstrap.servers", node.bootstrapServers());
            c.put("group.id", "training");
            c.put("auto.offset.reset", "earliest");
            c.put("key.deserializer", StringDeserializer.class.getName());
            c.put("value.deserializer", StringDeserializer.class.getName());
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
                consumer.subscribe(List.of("training"));
                int seen = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (seen < 100 && System.nanoTime() < deadline) {
                    seen += consumer.poll(Duration.ofMillis(100)).count();
                }
                consumer.commitSync();
            }
        } finally {
            node.stop();
            delete(dir);
        }
        System.exit(0);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
