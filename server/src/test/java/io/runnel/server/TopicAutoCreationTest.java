package io.runnel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.broker.Broker;
import io.runnel.common.time.Time;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicAutoCreationTest {

    @TempDir
    Path dir;

    private RunnelNode start(boolean autoCreate) throws Exception {
        return RunnelNode.builder(Map.of(
                        "listeners",
                        "PLAINTEXT://127.0.0.1:0",
                        "log.dir",
                        dir.toString(),
                        "auto.create.topics.enable",
                        Boolean.toString(autoCreate),
                        "num.partitions",
                        "3"))
                .time(Time.SYSTEM)
                .build()
                .start();
    }

    private static Properties producerProps(Broker broker) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "3000");
        return p;
    }

    @Test
    void producingToAnUnknownTopicCreatesItWithTheBrokerDefaults() throws Exception {
        RunnelNode node = start(true);
        Broker broker = node.broker();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(broker))) {
            assertThat(producer.send(new ProducerRecord<>("made-on-demand", "k", "v"))
                            .get()
                            .offset())
                    .isZero();
            assertThat(broker.controller().image().topic("made-on-demand").partitions())
                    .hasSize(3);
        } finally {
            node.stop();
        }
    }

    @Test
    void withAutoCreationOffProducingToAMissingTopicFailsAndCreatesNothing() throws Exception {
        RunnelNode node = start(false);
        Broker broker = node.broker();
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(broker));
                Admin admin = Admin.create(adminProps)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("missing", "k", "v"))
                            .get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TimeoutException.class)
                    .hasMessageContaining("not present in metadata");
            assertThat(admin.listTopics().names().get()).doesNotContain("missing");
            assertThat(broker.controller().image().topic("missing")).isNull();
        } finally {
            node.stop();
        }
    }
}
