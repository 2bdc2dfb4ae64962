package io.runnel.connect.worker;

import io.runnel.common.time.Time;
import io.runnel.connect.ConnectorConfig;
import io.runnel.connect.plugins.LoaderSwap;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link SourceTask}: {@code poll} → transforms and predicates → key, value and header converters → producer.
 * Each acknowledged record is passed to {@code commitRecord}. Every {@code offset.flush.interval.ms}, and on stop,
 * the producer is flushed (so every record polled so far is acknowledged), the latest source offset of each source
 * partition is written to the offset store, and {@code commit()} is called: offsets never run ahead of the records
 * in Kafka (at-least-once). A record that fails a transform or a converter fails the task, or with
 * {@code errors.tolerance=all} is skipped (and logged with {@code errors.log.enable}). A send that fails fails the
 * task.
 *
 * <p>Runs on its own thread; {@code stop()} may come from another and calls the plugin's {@code stop()} there, as
 * Apache's runtime does, so a blocking {@code poll} can return.
 */
final class WorkerSourceTask extends WorkerTask {

    private static final Logger log = LoggerFactory.getLogger(WorkerSourceTask.class);

    private final TaskSetup setup;
    private final Map<Map<String, ?>, Map<String, ?>> pendingOffsets = new HashMap<>();
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    private SourceTask task;
    private ClassLoader loader;
    private Converters converters;
    private TransformationChain<SourceRecord> chain = TransformationChain.empty();
    private KafkaProducer<byte[], byte[]> producer;
    private DeadLetterQueue dlq;
    private long lastFlushMs;
    private String stage = "TRANSFORMATION";
    private volatile boolean started;

    WorkerSourceTask(ConnectorTaskId id, TargetState initial, TaskSetup setup, Time time) {
        super(id, initial, time);
        this.setup = setup;
    }

    @Override
    protected void initialize() throws Exception {
        loader = setup.connectorPlugin().loader();
        try (LoaderSwap ignored = LoaderSwap.to(loader)) {
            task = (SourceTask) setup.taskClass().getDeclaredConstructor().newInstance();
            converters = Converters.build(setup.connectorConfig(), setup.worker(), setup.plugins());
            chain = TransformationChain.build(setup.connectorConfig(), setup.plugins());
            producer = new KafkaProducer<>(producerConfig(), new ByteArraySerializer(), new ByteArraySerializer());
            dlq = DeadLetterQueue.of(setup.connectorConfig(), id, setup.worker().bootstrapServers());
            OffsetStorageReader reader = new OffsetReader(id.connector(), setup.offsets(), setup.codec());
            Map<String, String> taskConfig = setup.taskConfig();
            org.apache.kafka.common.metrics.PluginMetrics metrics = setup.pluginMetrics(id);
            task.initialize(new SourceTaskContext() {
                @Override
                public Map<String, String> configs() {
                    return taskConfig;
                }

                @Override
                public OffsetStorageReader offsetStorageReader() {
                    return reader;
                }

                @Override
                public org.apache.kafka.common.metrics.PluginMetrics pluginMetrics() {
                    return metrics;
                }
            });
            task.start(taskConfig);
            started = true;
        }
        lastFlushMs = time.hiResClockMs();
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, setup.worker().bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "connector-producer-" + id);
        p.putAll(setup.worker().prefixed("producer."));
        p.putAll(ConnectorConfig.prefixed(setup.connectorConfig(), "producer.override."));
        return p;
    }

    @Override
    protected void execute() throws Exception {
        throwIfSendFailed();
        if (time.hiResClockMs() - lastFlushMs >= setup.worker().offsetFlushIntervalMs()) {
            commitOffsets();
        }
        List<SourceRecord> records;
        try (LoaderSwap ignored = LoaderSwap.to(loader)) {
            records = task.poll();
        }
        if (records == null || stopping() && records.isEmpty()) {
            return;
        }
        for (SourceRecord r : records) {
            send(r);
        }
    }

    private void send(SourceRecord original) throws Exception {
        SourceRecord r;
        ProducerRecord<byte[], byte[]> out;
        stage = "TRANSFORMATION";
        try (LoaderSwap ignored = LoaderSwap.to(loader)) {
            r = chain.apply(original);
            out = r == null ? null : convert(r);
        } catch (Exception e) {
            if (!ConnectorConfig.toleratesAll(setup.connectorConfig())) {
                throw new ConnectException("Tolerance exceeded in error handler", e);
            }
            if (Boolean.parseBoolean(setup.connectorConfig().get(ConnectorConfig.ERRORS_LOG_ENABLE))) {
                log.error("Task {} skipped a record that failed in {}: {}", id, stage, mask(Status.traceOf(e)));
            }
            if (dlq != null) {
                deadLetter(original, e);
            }
            out = null;
        }
        rememberOffset(original);
        if (out == null) {
            commitRecord(original, null);
            return;
        }
        producer.send(out, (metadata, error) -> {
            if (error != null) {
                sendFailure.compareAndSet(null, error);
                return;
            }
            commitRecord(original, metadata);
        });
    }

    private void deadLetter(SourceRecord original, Exception error) {
        byte[] key = null;
        byte[] value;
        try (LoaderSwap ignored = LoaderSwap.to(loader)) {
            key = converters.key().fromConnectData(original.topic(), original.keySchema(), original.key());
            value = converters.value().fromConnectData(original.topic(), original.valueSchema(), original.value());
        } catch (RuntimeException e) {
            value = String.valueOf(original.value()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        dlq.sendSource(
                original.topic(), key, value, stage, setup.connectorPlugin().className(), error);
    }

    private ProducerRecord<byte[], byte[]> convert(SourceRecord r) {
        stage = "HEADER_CONVERTER";
        RecordHeaders headers = new RecordHeaders();
        for (Header h : r.headers()) {
            headers.add(h.key(), converters.header().fromConnectHeader(r.topic(), h.key(), h.schema(), h.value()));
        }
        stage = "KEY_CONVERTER";
        byte[] key = converters.key().fromConnectData(r.topic(), headers, r.keySchema(), r.key());
        stage = "VALUE_CONVERTER";
        byte[] value = converters.value().fromConnectData(r.topic(), headers, r.valueSchema(), r.value());
        return new ProducerRecord<>(r.topic(), r.kafkaPartition(), r.timestamp(), key, value, headers);
    }

    private void commitRecord(SourceRecord r, org.apache.kafka.clients.producer.RecordMetadata metadata) {
        try (LoaderSwap ignored = LoaderSwap.to(loader)) {
            task.commitRecord(r, metadata);
        } catch (Throwable t) {
            log.warn("commitRecord of task {} threw: {}", id, mask(Status.traceOf(t)));
        }
    }

    private void rememberOffset(SourceRecord r) {
        if (r.sourcePartition() != null && r.sourceOffset() != null) {
            synchronized (pendingOffsets) {
                pendingOffsets.put(r.sourcePartition(), r.sourceOffset());
            }
        }
    }

    private void throwIfSendFailed() {
        Exception e = sendFailure.get();
        if (e != null) {
            throw new ConnectException("Sending a record to Kafka failed", e);
        }
    }

    /** Flushes the producer and stores the offsets of every record sent so far. */
    void commitOffsets() {
        lastFlushMs = time.hiResClockMs();
        producer.flush();
        if (dlq != null) {
            dlq.flush(); // dead letters are in Kafka before the offsets that pass them are stored
        }
        throwIfSendFailed();
        Map<ByteBuffer, ByteBuffer> batch = new HashMap<>();
        synchronized (pendingOffsets) {
            pendingOffsets.forEach((p, o) -> batch.put(
                    setup.codec().key(id.connector(), p), setup.codec().value(o)));
            pendingOffsets.clear();
        }
        if (!batch.isEmpty()) {
            setup.offsets().putAll(batch);
        }
        try (LoaderSwap ignored = LoaderSwap.to(loader)) {
            task.commit();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    protected void wakeup() {
        SourceTask t = task;
        if (t != null && started) {
            try (LoaderSwap ignored = LoaderSwap.to(loader)) {
                t.stop();
            } catch (Throwable e) {
                log.warn("stop() of task {} threw: {}", id, mask(Status.traceOf(e)));
            }
        }
    }

    @Override
    protected void shutdown() {
        if (started && !stopping()) {
            wakeup(); // failed on its own: the plugin still gets its stop()
        }
        try {
            if (started && producer != null && status().state() != State.FAILED && sendFailure.get() == null) {
                commitOffsets();
            }
        } catch (RuntimeException e) {
            log.warn("Committing the final offsets of task {} failed: {}", id, mask(Status.traceOf(e)));
        } finally {
            if (producer != null) {
                producer.close(java.time.Duration.ofSeconds(5));
            }
            if (dlq != null) {
                dlq.close();
            }
            chain.close();
        }
    }
}
