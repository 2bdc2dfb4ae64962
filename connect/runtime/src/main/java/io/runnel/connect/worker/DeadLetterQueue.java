package io.runnel.connect.worker;

import io.runnel.connect.ConnectorConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The dead-letter topic of a connector, sink or source ({@code errors.deadletterqueue.topic.name}): the original bytes of a record
 * that failed, with Apache Connect's context headers ({@code __connect.errors.*}) when
 * {@code errors.deadletterqueue.context.headers.enable=true}. The topic is created on first use when missing, with
 * {@code errors.deadletterqueue.topic.replication.factor}. Thread-safe (the producer is).
 */
final class DeadLetterQueue implements AutoCloseable {

    static final String HEADER_PREFIX = "__connect.errors.";

    private final String topic;
    private final boolean contextHeaders;
    private final ConnectorTaskId id;
    private final KafkaProducer<byte[], byte[]> producer;

    private DeadLetterQueue(String topic, boolean contextHeaders, ConnectorTaskId id, String bootstrap, short rf)
            throws InterruptedException {
        this.topic = topic;
        this.contextHeaders = contextHeaders;
        this.id = id;
        Map<String, Object> a = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(a)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, rf))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new org.apache.kafka.connect.errors.ConnectException(
                        "Cannot create the dead-letter topic " + topic, e.getCause());
            }
        }
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "connector-dlq-producer-" + id);
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The queue the connector configures, or {@code null} when it has none. */
    static DeadLetterQueue of(Map<String, String> config, ConnectorTaskId id, String bootstrap)
            throws InterruptedException {
        String topic = config.getOrDefault(ConnectorConfig.DLQ_TOPIC, "").trim();
        if (topic.isEmpty()) {
            return null;
        }
        boolean headers = Boolean.parseBoolean(config.getOrDefault(ConnectorConfig.DLQ_CONTEXT_HEADERS, "false"));
        short rf = Short.parseShort(
                config.getOrDefault(ConnectorConfig.DLQ_REPLICATION_FACTOR, "3").trim());
        return new DeadLetterQueue(topic, headers, id, bootstrap, rf);
    }

    CompletableFuture<RecordMetadata> send(
            ConsumerRecord<byte[], byte[]> original, String stage, String className, Throwable error) {
        RecordHeaders headers = new RecordHeaders();
        original.headers().forEach(headers::add);
        if (contextHeaders) {
            put(headers, "topic", original.topic());
            put(headers, "partition", Integer.toString(original.partition()));
            put(headers, "offset", Long.toString(original.offset()));
        }
        return send(original.key(), original.value(), headers, stage, className, error);
    }

    /**
     * Sends a source record that failed a transform or a converter: its key and value as the task's converters
     * write them when they can, else as the UTF-8 text of the value, with the context headers (no offset: it never
     * reached Kafka).
     */
    CompletableFuture<RecordMetadata> sendSource(
            String originalTopic, byte[] key, byte[] value, String stage, String className, Throwable error) {
        RecordHeaders headers = new RecordHeaders();
        if (contextHeaders && originalTopic != null) {
            put(headers, "topic", originalTopic);
        }
        return send(key, value, headers, stage, className, error);
    }

    private CompletableFuture<RecordMetadata> send(
            byte[] key, byte[] value, RecordHeaders headers, String stage, String className, Throwable error) {
        if (contextHeaders) {
            put(headers, "connector.name", id.connector());
            put(headers, "task.id", Integer.toString(id.task()));
            put(headers, "stage", stage);
            put(headers, "class.name", className);
            if (error != null) {
                put(headers, "exception.class.name", error.getClass().getName());
                put(headers, "exception.message", String.valueOf(error.getMessage()));
                StringWriter sw = new StringWriter();
                error.printStackTrace(new PrintWriter(sw));
                put(headers, "exception.stacktrace", sw.toString());
            }
        }
        CompletableFuture<RecordMetadata> f = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, null, key, value, headers), (md, e) -> {
            if (e != null) {
                f.completeExceptionally(e);
            } else {
                f.complete(md);
            }
        });
        return f;
    }

    private static void put(RecordHeaders headers, String name, String value) {
        headers.add(HEADER_PREFIX + name, value.getBytes(StandardCharsets.UTF_8));
    }

    void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
