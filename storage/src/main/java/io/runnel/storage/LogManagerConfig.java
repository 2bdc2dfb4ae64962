package io.runnel.storage;

import static io.runnel.common.config.ConfigValidator.atLeast;
import static io.runnel.common.config.ConfigValidator.between;

import io.runnel.common.config.Config;
import io.runnel.common.config.ConfigDef;
import io.runnel.common.config.ConfigType;
import java.util.HashMap;
import java.util.Map;

/**
 * The broker-level settings of a {@link LogManager}, under Kafka's broker config names and defaults, with one
 * deliberate difference: {@code log.flush.scheduler.interval.ms} defaults to 1000 ms rather than Kafka's
 * Long.MAX_VALUE, so a topic's {@code flush.ms} takes effect without a second setting. Keys not declared here are
 * ignored by {@link #of}, so the broker may pass its whole configuration. Immutable.
 */
public final class LogManagerConfig {

    public static final String RETENTION_CHECK_INTERVAL_MS = "log.retention.check.interval.ms";
    public static final String FLUSH_SCHEDULER_INTERVAL_MS = "log.flush.scheduler.interval.ms";
    public static final String FLUSH_OFFSET_CHECKPOINT_INTERVAL_MS = "log.flush.offset.checkpoint.interval.ms";
    public static final String FLUSH_START_OFFSET_CHECKPOINT_INTERVAL_MS =
            "log.flush.start.offset.checkpoint.interval.ms";
    public static final String HIGH_WATERMARK_CHECKPOINT_INTERVAL_MS = "replica.high.watermark.checkpoint.interval.ms";
    public static final String RECOVERY_THREADS = "num.recovery.threads.per.data.dir";
    public static final String CLEANER_ENABLE = "log.cleaner.enable";
    public static final String CLEANER_THREADS = "log.cleaner.threads";
    public static final String CLEANER_DEDUPE_BUFFER_SIZE = "log.cleaner.dedupe.buffer.size";
    public static final String CLEANER_IO_BUFFER_SIZE = "log.cleaner.io.buffer.size";
    public static final String CLEANER_IO_BUFFER_LOAD_FACTOR = "log.cleaner.io.buffer.load.factor";
    public static final String CLEANER_BACKOFF_MS = "log.cleaner.backoff.ms";
    public static final String PRODUCER_ID_EXPIRATION_MS = "producer.id.expiration.ms";
    public static final String PRODUCER_ID_EXPIRATION_CHECK_INTERVAL_MS = "producer.id.expiration.check.interval.ms";

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(
                    RETENTION_CHECK_INTERVAL_MS,
                    ConfigType.LONG,
                    5 * 60 * 1000L,
                    atLeast(1),
                    "How often segments are checked for deletion by retention.")
            .define(
                    FLUSH_SCHEDULER_INTERVAL_MS,
                    ConfigType.LONG,
                    1000L,
                    atLeast(1),
                    "How often logs are checked against their flush.ms.")
            .define(
                    FLUSH_OFFSET_CHECKPOINT_INTERVAL_MS,
                    ConfigType.INT,
                    60_000,
                    atLeast(0),
                    "How often recovery points are checkpointed.")
            .define(
                    FLUSH_START_OFFSET_CHECKPOINT_INTERVAL_MS,
                    ConfigType.INT,
                    60_000,
                    atLeast(0),
                    "How often log start offsets are checkpointed.")
            .define(
                    HIGH_WATERMARK_CHECKPOINT_INTERVAL_MS,
                    ConfigType.LONG,
                    5000L,
                    atLeast(1),
                    "How often high watermarks are checkpointed.")
            .define(
                    RECOVERY_THREADS,
                    ConfigType.INT,
                    2,
                    atLeast(1),
                    "Threads that open (and recover) logs at startup and close them at shutdown.")
            .define(CLEANER_ENABLE, ConfigType.BOOLEAN, true, "Whether compaction runs.")
            .define(CLEANER_THREADS, ConfigType.INT, 1, atLeast(0), "Threads that compact logs.")
            .define(
                    CLEANER_DEDUPE_BUFFER_SIZE,
                    ConfigType.LONG,
                    128 * 1024 * 1024L,
                    atLeast(1024),
                    "Memory for the key-to-offset map of compaction, shared by the cleaner threads.")
            .define(
                    CLEANER_IO_BUFFER_SIZE,
                    ConfigType.INT,
                    512 * 1024,
                    atLeast(512),
                    "Read and write buffer of each cleaner thread.")
            .define(
                    CLEANER_IO_BUFFER_LOAD_FACTOR,
                    ConfigType.DOUBLE,
                    0.9,
                    between(0.1, 0.95),
                    "How full the compaction key map may become.")
            .define(
                    CLEANER_BACKOFF_MS,
                    ConfigType.LONG,
                    15_000L,
                    atLeast(0),
                    "How long a cleaner thread sleeps when no log needs compaction.")
            .define(
                    PRODUCER_ID_EXPIRATION_MS,
                    ConfigType.INT,
                    86_400_000,
                    atLeast(1),
                    "How long producer state is kept for a producer id that has not written.")
            .define(
                    PRODUCER_ID_EXPIRATION_CHECK_INTERVAL_MS,
                    ConfigType.INT,
                    600_000,
                    atLeast(1),
                    "How often expired producer ids are removed.");

    private final Config config;

    private LogManagerConfig(Map<String, ?> props) {
        Map<String, Object> known = new HashMap<>();
        props.forEach((k, v) -> {
            if (DEFINITION.key(k).isPresent()) {
                known.put(k, v);
            }
        });
        this.config = new Config(DEFINITION, known, true);
    }

    public static LogManagerConfig defaults() {
        return new LogManagerConfig(Map.of());
    }

    /** @throws io.runnel.common.config.ConfigException naming the key, for an invalid value */
    public static LogManagerConfig of(Map<String, ?> props) {
        return new LogManagerConfig(props);
    }

    public long retentionCheckIntervalMs() {
        return config.getLong(RETENTION_CHECK_INTERVAL_MS);
    }

    public long flushSchedulerIntervalMs() {
        return config.getLong(FLUSH_SCHEDULER_INTERVAL_MS);
    }

    public int flushOffsetCheckpointIntervalMs() {
        return config.getInt(FLUSH_OFFSET_CHECKPOINT_INTERVAL_MS);
    }

    public int flushStartOffsetCheckpointIntervalMs() {
        return config.getInt(FLUSH_START_OFFSET_CHECKPOINT_INTERVAL_MS);
    }

    public long highWatermarkCheckpointIntervalMs() {
        return config.getLong(HIGH_WATERMARK_CHECKPOINT_INTERVAL_MS);
    }

    public int recoveryThreads() {
        return config.getInt(RECOVERY_THREADS);
    }

    public boolean cleanerEnabled() {
        return config.getBoolean(CLEANER_ENABLE);
    }

    public int cleanerThreads() {
        return config.getInt(CLEANER_THREADS);
    }

    public long cleanerDedupeBufferSize() {
        return config.getLong(CLEANER_DEDUPE_BUFFER_SIZE);
    }

    public int cleanerIoBufferSize() {
        return config.getInt(CLEANER_IO_BUFFER_SIZE);
    }

    public double cleanerIoBufferLoadFactor() {
        return config.getDouble(CLEANER_IO_BUFFER_LOAD_FACTOR);
    }

    public long cleanerBackoffMs() {
        return config.getLong(CLEANER_BACKOFF_MS);
    }

    public int producerIdExpirationMs() {
        return config.getInt(PRODUCER_ID_EXPIRATION_MS);
    }

    public int producerIdExpirationCheckIntervalMs() {
        return config.getInt(PRODUCER_ID_EXPIRATION_CHECK_INTERVAL_MS);
    }
}
