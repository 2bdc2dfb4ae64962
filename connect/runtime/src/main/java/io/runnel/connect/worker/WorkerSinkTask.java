package io.runnel.connect.worker;

import io.runnel.common.time.Time;
import io.runnel.connect.ConnectorConfig;
import io.runnel.connect.plugins.LoaderSwap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link SinkTask} on a consumer of group {@code connect-<connector>} subscribed to {@code topics} or
 * {@code topics.regex}: poll → header, key and value converters → transforms → {@code put}. Partitions are passed to
 * {@code open}/{@code close} as the group assigns and revokes them (offsets of revoked partitions are committed
 * first). Every {@code offset.flush.interval.ms}, on {@code requestCommit}, on revocation and on stop, the offsets
 * {@code preCommit} returns (by default: after {@code flush}) are committed to the group. Pausing the connector
 * pauses every partition but keeps polling, so the task stays in its group; {@code SinkTaskContext.pause} pauses
 * single partitions. A record failing conversion or a transform fails the task, or with {@code errors.tolerance=all}
 * goes to the dead-letter topic (when configured) and is skipped; {@link ErrantRecordReporter} sends what the
 * connector reports the same way.
 *
 * <p>The consumer is used only on the task's thread; {@code stop()} from another thread wakes it up.
 */
final class WorkerSinkTask extends WorkerTask {

    private static final Logger log = LoggerFactory.getLogger(WorkerSinkTask.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);

    private final TaskSetup setup;
    private final Map<TopicPartition, OffsetAndMetadata> currentOffsets = new HashMap<>();
    private final Map<TopicPartition, Long> pendingSeeks = new HashMap<>();
    private final Set<TopicPartition> taskPaused = new HashSet<>();
    private final Map<SinkRecordKey, ConsumerRecord<byte[], byte[]>> batchOriginals =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final Set<TopicPartition> assignment = new HashSet<>();
    private SinkTask task;
    private ClassLoader loader;
    private Converters converters;
    private TransformationChain<SinkRecord> chain = TransformationChain.empty();
    private KafkaConsumer<byte[], byte[]> consumer;
    private DeadLetterQueue dlq;
    private long lastCommitMs;
    private boolean commitRequested;
    private boolean started;
    private boolean tolerateAll;
    private volatile RuntimeException reportedFailure;
    private org.apache.kafka.common.metrics.PluginMetrics metrics;

    private record SinkRecordKey(String topic, int partition, long offset) {}

    WorkerSinkTask(ConnectorTaskId id, TargetState initial, TaskSetup setup, Time time) {
        super(id, initial, time);
        this.setup = setup;
    }

    @Override
    protected boolean pausesByWaiting() {
        return false;
    }

    @Override
    protected void initialize() throws Exception {
        loader = setup.connectorPlugin().loader();
        Map<String, String> cc = setup.connectorConfig();
        tolerateAll = ConnectorConfig.toleratesAll(cc);
        try (LoaderSwap ignored = LoaderSwap.to(loader)) {
            task = (SinkTask) setup.taskClass().getDeclaredConstructor().newInstance();
            converters = Converters.build(cc, setup.worker(), setup.plugins());
            chain = TransformationChain.build(cc, setup.plugins());
            dlq = DeadLetterQueue.of(cc, id, setup.worker().bootstrapServers());
            consumer = new KafkaConsumer<>(consumerConfig(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
            metrics = setup.pluginMetrics(id);
            task.initialize(new Context());
            task.start(setup.taskConfig());
            started = true;
        }
        List<String> topics = ConnectorConfig.list(cc.get(ConnectorConfig.TOPICS));
        String regex = cc.getOrDefault(ConnectorConfig.TOPICS_REGEX, "").trim();
        Listener listener = new Listener();
        if (!topics.isEmpty()) {
            consumer.subscribe(topics, listener);
        } else {
            consumer.subscribe(Pattern.compile(regex), listener);
        }
        lastCommitMs = time.hiResClockMs();
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, setup.worker().bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "connect-" + id.connector());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "connector-consumer-" + id);
        c.putAll(setup.worker().prefixed("consumer."));
        c.putAll(ConnectorConfig.prefixed(setup.connectorConfig(), "consumer.override."));
        return c;
    }

    @Override
    protected void execute() throws Exception {
        RuntimeException reported = reportedFailure;
        if (reported != null) {
            throw reported;
        }
        if (paused()) {
            consumer.pause(assignment);
        } else {
            Set<TopicPartition> resume = new HashSet<>(assignment);
            resume.removeAll(taskPaused);
            consumer.resume(resume);
            consumer.pause(intersect(taskPaused, assignment));
        }
        applySeeks();
        ConsumerRecords<byte[], byte[]> polled;
        try {
            polled = consumer.poll(POLL_TIMEOUT);
        } catch (WakeupException e) {
            return;
        }
        List<SinkRecord> batch = new ArrayList<>(polled.count());
        batchOriginals.clear();
        for (ConsumerRecord<byte[], byte[]> cr : polled) {
            SinkRecord r = convertAndTransform(cr);
            if (r != null) {
                batch.add(r);
                batchOriginals.put(new SinkRecordKey(r.topic(), r.kafkaPartition(), r.kafkaOffset()), cr);
            }
        }
        try (LoaderSwap ignored = LoaderSwap.to(loader)) {
            task.put(batch);
        }
        for (ConsumerRecord<byte[], byte[]> cr : polled) {
            currentOffsets.put(new TopicPartition(cr.topic(), cr.partition()), new OffsetAndMetadata(cr.offset() + 1));
        }
        if (commitRequested
                || time.hiResClockMs() - lastCommitMs >= setup.worker().offsetFlushIntervalMs()) {
            commit(Set.copyOf(currentOffsets.keySet()));
        }
    }

    private static Set<TopicPartition> intersect(Set<TopicPartition> a, Set<TopicPartition> b) {
        Set<TopicPartition> out = new HashSet<>(a);
        out.retainAll(b);
        return out;
    }

    private void applySeeks() {
        if (pendingSeeks.isEmpty()) {
            return;
        }
        pendingSeeks.forEach((tp, offset) -> {
            if (assignment.contains(tp)) {
                consumer.seek(tp, offset);
                currentOffsets.put(tp, new OffsetAndMetadata(offset));
            }
        });
        pendingSeeks.keySet().retainAll(Set.of());
    }

    private SinkRecord convertAndTransform(ConsumerRecord<byte[], byte[]> cr) throws Exception {
        String stage = "KEY_CONVERTER";
        try (LoaderSwap ignored = LoaderSwap.to(loader)) {
            ConnectHeaders headers = new ConnectHeaders();
            stage = "HEADER_CONVERTER";
            for (Header h : cr.headers()) {
                SchemaAndValue hv = converters.header().toConnectHeader(cr.topic(), h.key(), h.value());
                headers.add(h.key(), hv);
            }
            stage = "KEY_CONVERTER";
            SchemaAndValue key = converters.key().toConnectData(cr.topic(), cr.headers(), cr.key());
            stage = "VALUE_CONVERTER";
            SchemaAndValue value = converters.value().toConnectData(cr.topic(), cr.headers(), cr.value());
            stage = "TRANSFORMATION";
            SinkRecord r = new SinkRecord(
                    cr.topic(),
                    cr.partition(),
                    key.schema(),
                    key.value(),
                    value.schema(),
                    value.value(),
                    cr.offset(),
                    cr.timestamp(),
                    cr.timestampType(),
                    headers);
            return chain.apply(r);
        } catch (Exception e) {
            if (!tolerateAll) {
                throw new ConnectException("Tolerance exceeded in error handler", e);
            }
            tolerate(cr, stage, e);
            return null;
        }
    }

    private Future<Void> tolerate(ConsumerRecord<byte[], byte[]> cr, String stage, Throwable e)
            throws InterruptedException {
        if (Boolean.parseBoolean(setup.connectorConfig().get(ConnectorConfig.ERRORS_LOG_ENABLE))) {
            log.error(
                    "Task {} skipped the record at {}-{}@{} that failed in {}: {}",
                    id,
                    cr.topic(),
                    cr.partition(),
                    cr.offset(),
                    stage,
                    mask(Status.traceOf(e)));
        }
        if (dlq == null) {
            return CompletableFuture.completedFuture(null);
        }
        return dlq.send(cr, stage, setup.connectorPlugin().className(), e).thenApply(md -> (Void) null);
    }

    private void commit(Set<TopicPartition> partitions) {
        lastCommitMs = time.hiResClockMs();
        commitRequested = false;
        Map<TopicPartition, OffsetAndMetadata> offered = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata o = currentOffsets.get(tp);
            if (o != null) {
                offered.put(tp, o);
            }
        }
        if (offered.isEmpty()) {
            return;
        }
        if (dlq != null) {
            dlq.flush(); // dead letters are in Kafka before the records they stand for are committed
        }
        Map<TopicPartition, OffsetAndMetadata> toCommit;
        try (LoaderSwap ignored = LoaderSwap.to(loader)) {
            toCommit = task.preCommit(new HashMap<>(offered));
        }
        if (toCommit != null && !toCommit.isEmpty()) {
            consumer.commitSync(toCommit);
        }
    }

    @Override
    protected void wakeup() {
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    @Override
    protected void shutdown() {
        try {
            if (started && status().state() != State.FAILED) {
                commit(Set.copyOf(currentOffsets.keySet()));
            }
        } catch (RuntimeException e) {
            log.warn("Committing the final offsets of task {} failed: {}", id, mask(Status.traceOf(e)));
        }
        try (LoaderSwap ignored = LoaderSwap.to(loader)) {
            if (started) {
                task.close(new HashSet<>(assignment));
                started = false; // the consumer's close revokes the partitions: the listener must not touch the task
                assignment.clear();
                task.stop();
            }
        } catch (RuntimeException e) {
            log.warn("Stopping task {} failed: {}", id, mask(Status.traceOf(e)));
        } finally {
            if (consumer != null) {
                consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
            }
            if (dlq != null) {
                dlq.close();
            }
            chain.close();
        }
    }

    private final class Listener implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!started || partitions.isEmpty()) {
                return;
            }
            commit(new HashSet<>(partitions));
            try (LoaderSwap ignored = LoaderSwap.to(loader)) {
                task.close(partitions);
            }
            partitions.forEach(currentOffsets::remove);
            assignment.removeAll(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!started) {
                return;
            }
            assignment.addAll(partitions);
            for (TopicPartition tp : partitions) {
                currentOffsets.put(tp, new OffsetAndMetadata(consumer.position(tp)));
            }
            try (LoaderSwap ignored = LoaderSwap.to(loader)) {
                task.open(partitions);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (!started) {
                return;
            }
            try (LoaderSwap ignored = LoaderSwap.to(loader)) {
                task.close(partitions);
            }
            partitions.forEach(currentOffsets::remove);
            assignment.removeAll(partitions);
        }
    }

    /** The task's view of the runtime; called on the task's thread (the reporter from any). */
    private final class Context implements SinkTaskContext {
        @Override
        public Map<String, String> configs() {
            return setup.taskConfig();
        }

        @Override
        public void offset(Map<TopicPartition, Long> offsets) {
            pendingSeeks.putAll(offsets);
        }

        @Override
        public void offset(TopicPartition tp, long offset) {
            pendingSeeks.put(tp, offset);
        }

        @Override
        public void timeout(long timeoutMs) {
            // retry back-off after RetriableException: not applied yet; the next poll retries at once
        }

        @Override
        public Set<TopicPartition> assignment() {
            return Set.copyOf(assignment);
        }

        @Override
        public void pause(TopicPartition... partitions) {
            taskPaused.addAll(List.of(partitions));
        }

        @Override
        public void resume(TopicPartition... partitions) {
            List.of(partitions).forEach(taskPaused::remove);
        }

        @Override
        public org.apache.kafka.common.metrics.PluginMetrics pluginMetrics() {
            return metrics;
        }

        @Override
        public void requestCommit() {
            commitRequested = true;
        }

        @Override
        public ErrantRecordReporter errantRecordReporter() {
            return (record, error) -> {
                if (!tolerateAll) {
                    reportedFailure = new ConnectException("Tolerance exceeded in error handler", error);
                    return CompletableFuture.failedFuture(reportedFailure);
                }
                ConsumerRecord<byte[], byte[]> cr = batchOriginals.get(
                        new SinkRecordKey(record.topic(), record.kafkaPartition(), record.kafkaOffset()));
                if (cr == null) {
                    return CompletableFuture.completedFuture(null);
                }
                try {
                    return tolerate(cr, "TASK_PUT", error);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return CompletableFuture.failedFuture(e);
                }
            };
        }
    }
}
