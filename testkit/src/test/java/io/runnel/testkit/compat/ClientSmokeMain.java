package io.runnel.testkit.compat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The client matrix's smoke run, started in a child JVM whose class path holds one kafka-clients release (2.8 to
 * the project's own): admin (describe cluster, create, describe and delete topics), produce with every
 * compression codec, a consumer group that reads everything and commits, and the group's offsets read back
 * through Admin. It uses only API common to every release it runs with (it is compiled against the newest; the
 * one call whose name changed, describing topics, goes through reflection). Results go to stdout as
 * {@code RESULT <what> <value>} lines for {@code KafkaClientsMatrixIT} to check; any failure exits non-zero with
 * its stack trace.
 *
 * <p>Arguments: bootstrap servers, topic, group, scratch topic, records per codec.
 */
public final class ClientSmokeMain {

    static final List<String> CODECS = List.of("none", "gzip", "snappy", "lz4", "zstd");

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        String group = args[2];
        String scratch = args[3];
        int perCodec = Integer.parseInt(args[4]);
        Properties common = new Properties();
        common.put("bootstrap.servers", bootstrap);

        try (Admin admin = Admin.create(common)) {
            result("cluster", admin.describeCluster().clusterId().get());
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1), new NewTopic(scratch, 1, (short) 1)))
                    .all()
                    .get();
            result(
                    "partitions",
                    String.valueOf(describe(admin, topic).partitions().size()));

            int total = 0;
            for (String codec : CODECS) {
                Properties p = new Properties();
                p.putAll(common);
                p.put("key.serializer", StringSerializer.class.getName());
                p.put("value.serializer", StringSerializer.class.getName());
                p.put("compression.type", codec);
                p.put("acks", "all");
                p.put("linger.ms", "5");
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
                    List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
                    for (int i = 0; i < perCodec; i++) {
                        sent.add(producer.send(
                                new ProducerRecord<>(topic, codec + "-" + i, "value " + codec + " " + i)));
                    }
                    for (java.util.concurrent.Future<?> f : sent) {
                        f.get();
                    }
                    total += perCodec;
                }
            }

            Properties c = new Properties();
            c.putAll(common);
            c.put("key.deserializer", StringDeserializer.class.getName());
            c.put("value.deserializer", StringDeserializer.class.getName());
            c.put("group.id", group);
            c.put("auto.offset.reset", "earliest");
            c.put("enable.auto.commit", "false");
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
                consumer.subscribe(List.of(topic));
                int read = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (read < total && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        result("consumed", r.key() + "=" + r.value());
                        read++;
                    }
                }
                consumer.commitSync();
            }

            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
            Map<Integer, Long> byPartition = new TreeMap<>();
            committed.forEach((tp, om) -> byPartition.put(tp.partition(), om.offset()));
            byPartition.forEach((partition, offset) -> result("committed", partition + "=" + offset));

            admin.deleteTopics(List.of(scratch)).all().get();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            Set<String> names = admin.listTopics().names().get();
            while (names.contains(scratch) && System.nanoTime() < deadline) {
                Thread.sleep(100); // a bounded poll of a condition (testkit's Await is not on this class path)
                names = admin.listTopics().names().get();
            }
            List<String> sorted = new ArrayList<>(names);
            Collections.sort(sorted);
            result("topics", String.join(",", sorted));
        }
    }

    /** describeTopics(...).allTopicNames() from 3.1 on, .all() before it (removed in 4.0). */
    @SuppressWarnings("unchecked")
    private static TopicDescription describe(Admin admin, String topic) throws Exception {
        Object result = admin.describeTopics((Collection<String>) List.of(topic));
        java.lang.reflect.Method m;
        try {
            m = result.getClass().getMethod("allTopicNames");
        } catch (NoSuchMethodException e) {
            m = result.getClass().getMethod("all");
        }
        return ((KafkaFuture<Map<String, TopicDescription>>) m.invoke(result))
                .get()
                .get(topic);
    }

    private static void result(String what, String value) {
        System.out.println("RESULT " + what + " " + value);
    }

    private ClientSmokeMain() {}
}
