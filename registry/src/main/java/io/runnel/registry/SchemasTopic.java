package io.runnel.registry;

import io.runnel.common.time.Time;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's log: the compacted, single-partition topic {@code _schemas}, reached only through kafka-clients.
 * {@link #start()} creates the topic when it is missing (one partition, {@code cleanup.policy=compact}), refuses one
 * with other settings, and returns once the reader has replayed it to the end offset it had at start. The reader
 * thread hands every record, in offset order, to the replay function. {@link #write} appends with {@code acks=all}
 * and returns once the reader has replayed that very record: a write is visible to this registry when
 * {@code write} returns (read-your-writes by waiting for the offset).
 *
 * <p>Thread-safe: writes may come from any thread; only the reader thread touches the consumer.
 */
final class SchemasTopic implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SchemasTopic.class);

    /** The replay function: key bytes and value bytes ({@code null} for a tombstone). */
    interface Replay {
        void replay(byte[] key, byte[] value);
    }

    private final Map<String, Object> clientProps;
    private final String topic;
    private final int replicationFactor;
    private final Duration timeout;
    private final Time time;
    private final Replay replay;
    private final TopicPartition partition;
    private final Object progress = new Object();

    private KafkaProducer<byte[], byte[]> producer;
    private KafkaConsumer<byte[], byte[]> consumer;
    private Thread reader;
    private volatile boolean running;
    private long readPosition; // guarded by progress
    private Throwable readerFailure; // guarded by progress

    SchemasTopic(
            Map<String, Object> clientProps,
            String topic,
            int replicationFactor,
            Duration timeout,
            Time time,
            Replay replay) {
        this.clientProps = Map.copyOf(clientProps);
        this.topic = topic;
        this.replicationFactor = replicationFactor;
        this.timeout = timeout;
        this.time = time;
        this.replay = replay;
        this.partition = new TopicPartition(topic, 0);
    }

    void start() {
        try (Admin admin = Admin.create(clientProps)) {
            ensureTopic(admin);
        } catch (ExecutionException e) {
            throw new RegistryException(
                    RegistryError.STORE_ERROR,
                    "Cannot prepare the schemas topic " + topic + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new RegistryException(
                    RegistryError.STORE_TIMEOUT, "Timed out preparing the schemas topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(RegistryError.STORE_ERROR, "Interrupted preparing " + topic, e);
        }
        Map<String, Object> producerProps = new HashMap<>(clientProps);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // send() blocks for metadata while the broker is away; bound that by the registry's timeout too.
        producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
        Map<String, Object> consumerProps = new HashMap<>(clientProps);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
        running = true;
        reader = new Thread(this::readLoop, "registry-" + topic + "-reader");
        reader.setDaemon(true);
        reader.start();
        awaitReadPosition(end);
        log.info("Registry replayed {} up to offset {}", topic, end);
    }

    private void ensureTopic(Admin admin) throws ExecutionException, InterruptedException, TimeoutException {
        long ms = timeout.toMillis();
        Optional<TopicDescription> existing = describe(admin);
        if (existing.isEmpty()) {
            int rf = replicationFactor > 0
                    ? replicationFactor
                    : Math.min(
                            3,
                            admin.describeCluster()
                                    .nodes()
                                    .get(ms, TimeUnit.MILLISECONDS)
                                    .size());
            NewTopic newTopic = new NewTopic(topic, 1, (short) rf).configs(Map.of("cleanup.policy", "compact"));
            try {
                admin.createTopics(List.of(newTopic)).all().get(ms, TimeUnit.MILLISECONDS);
                log.info("Created the schemas topic {} (1 partition, replication factor {}, compacted)", topic, rf);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            existing = describe(admin);
        }
        int partitions = existing.map(d -> d.partitions().size()).orElse(0);
        if (partitions != 1) {
            throw new RegistryException(
                    RegistryError.STORE_ERROR,
                    "The schemas topic " + topic + " has " + partitions + " partitions; the registry needs exactly 1");
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource))
                .all()
                .get(ms, TimeUnit.MILLISECONDS)
                .get(resource);
        ConfigEntry policy = config == null ? null : config.get("cleanup.policy");
        if (policy == null || !List.of(policy.value().split(",")).contains("compact")) {
            throw new RegistryException(
                    RegistryError.STORE_ERROR,
                    "The schemas topic " + topic + " has cleanup.policy="
                            + (policy == null ? "(unknown)" : policy.value())
                            + "; the registry needs compact, or deleted schemas would come back or vanish");
        }
    }

    private Optional<TopicDescription> describe(Admin admin)
            throws ExecutionException, InterruptedException, TimeoutException {
        try {
            Map<String, TopicDescription> d =
                    admin.describeTopics(List.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.ofNullable(d.get(topic));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private void readLoop() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    replay.replay(r.key(), r.value());
                }
                long position = consumer.position(partition);
                synchronized (progress) {
                    readPosition = position;
                    progress.notifyAll();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("The reader of {} stopped; the registry refuses writes until restarted", topic, e);
            synchronized (progress) {
                readerFailure = e;
                progress.notifyAll();
            }
        } finally {
            consumer.close(Duration.ZERO);
        }
    }

    /**
     * Appends one record and waits until the reader has replayed it.
     *
     * @throws RegistryException STORE_ERROR when the broker refuses the write, STORE_TIMEOUT when it or the
     *     replay takes longer than the timeout
     */
    void write(StoreKey key, byte[] value) {
        RecordMetadata metadata;
        try {
            metadata = producer.send(new ProducerRecord<>(topic, 0, StoreCodec.key(key), value))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new RegistryException(
                    RegistryError.STORE_ERROR,
                    "Error in the backend data store: " + e.getCause().getMessage(),
                    e);
        } catch (TimeoutException e) {
            throw new RegistryException(RegistryError.STORE_TIMEOUT, "Writing to " + topic + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(RegistryError.STORE_ERROR, "Interrupted writing to " + topic, e);
        }
        awaitReadPosition(metadata.offset() + 1);
    }

    private void awaitReadPosition(long target) {
        long deadline = time.milliseconds() + timeout.toMillis();
        synchronized (progress) {
            while (readPosition < target) {
                if (readerFailure != null) {
                    throw new RegistryException(
                            RegistryError.STORE_ERROR, "The reader of " + topic + " failed: " + readerFailure);
                }
                long remaining = deadline - time.milliseconds();
                if (remaining <= 0) {
                    throw new RegistryException(
                            RegistryError.STORE_TIMEOUT,
                            "Timed out waiting for the registry to read " + topic + " up to offset " + target);
                }
                try {
                    progress.wait(remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RegistryException(RegistryError.STORE_ERROR, "Interrupted waiting for " + topic, e);
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        if (consumer != null && reader != null) {
            consumer.wakeup();
            try {
                reader.join(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (consumer != null) {
            consumer.close(Duration.ZERO);
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
