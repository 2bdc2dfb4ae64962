package io.runnel.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code bin/runnel server} as a separate process is killed with SIGKILL while an idempotent acks=all producer
 * streams records into it, then restarted on the same data: every record whose send was acknowledged is there,
 * exactly once, including those the producer retried across the restart. A process kill keeps what the OS had
 * written, so this holds in the default mode as well as in durable mode (which also survives power loss; the
 * storage tests cover that with fault injection).
 */
class DurabilityIT {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "durable mode {0}")
    @ValueSource(booleans = {true, false})
    void acknowledgedRecordsSurviveKill9DuringProduceWithoutDuplicates(boolean durable) throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int port = RunnelProcess.freePort();
        List<String> args = durable ? List.of("--set", "runnel.acks.all.durable=true") : List.of();
        Path data = tmp.resolve("data");
        Set<Integer> acked = new ConcurrentSkipListSet<>();
        AtomicInteger failed = new AtomicInteger();
        int total = 20_000;
        int killAfter = 2_000 + random.nextInt(8_000);
        try (RunnelProcess server = new RunnelProcess(data, port, args).start(Duration.ofSeconds(60))) {
            Properties adminProps = new Properties();
            adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, server.bootstrapServers());
            try (Admin admin = Admin.create(adminProps)) {
                admin.createTopics(List.of(new NewTopic("ledger", 3, (short) 1)))
                        .all()
                        .get();
            }
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, server.bootstrapServers());
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            props.put(ProducerConfig.LINGER_MS_CONFIG, "2");
            props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
            props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
                for (int seq = 0; seq < total; seq++) {
                    int s = seq;
                    producer.send(new ProducerRecord<>("ledger", "k" + (seq % 97), Integer.toString(seq)), (md, e) -> {
                        if (e == null) {
                            acked.add(s);
                        } else {
                            failed.incrementAndGet();
                        }
                    });
                    if (seq == killAfter) {
                        Await.until(
                                Duration.ofSeconds(60), "some acknowledgements", () -> acked.size() > killAfter / 2);
                        server.kill9();
                        server.start(Duration.ofSeconds(60));
                    }
                }
                producer.flush();
            }
            assertThat(server.log()).contains("unclean");
            Map<Integer, Integer> seen = readAll(server.bootstrapServers());
            List<Integer> missing = new ArrayList<>();
            for (int seq : acked) {
                if (!seen.containsKey(seq)) {
                    missing.add(seq);
                }
            }
            List<Integer> duplicated = new ArrayList<>();
            seen.forEach((seq, n) -> {
                if (n > 1) {
                    duplicated.add(seq);
                }
            });
            System.out.printf(
                    "DurabilityIT(durable=%s, seed=%d): killed after %d sends; %d acknowledged, %d failed, %d read%n",
                    durable, seed, killAfter, acked.size(), failed.get(), seen.size());
            assertThat(missing).as("acknowledged but lost (seed %d)", seed).isEmpty();
            assertThat(duplicated).as("read more than once (seed %d)", seed).isEmpty();
            assertThat(acked.size()).isGreaterThan(killAfter / 2);
        }
    }

    private static Map<Integer, Integer> readAll(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Map<Integer, Integer> seen = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> tps = List.of(
                    new TopicPartition("ledger", 0), new TopicPartition("ledger", 1), new TopicPartition("ledger", 2));
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read to the end offsets " + end);
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.merge(Integer.parseInt(r.value()), 1, Integer::sum);
                }
            }
        }
        return seen;
    }
}
