package io.runnel.storage;

import static io.runnel.common.config.ConfigValidator.atLeast;
import static io.runnel.common.config.ConfigValidator.between;
import static io.runnel.common.config.ConfigValidator.in;
import static io.runnel.common.config.ConfigValidator.listOf;

import io.runnel.common.config.Config;
import io.runnel.common.config.ConfigDef;
import io.runnel.common.config.ConfigType;
import io.runnel.protocol.record.TimestampType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-partition log settings, under Kafka's topic-level names and with Kafka 4.x's defaults. A {@code LogConfig}
 * is immutable; a topic config change makes a new one and hands it to {@link Log#updateConfig}, which applies it to
 * everything that follows (the next append, roll, flush check, retention or compaction pass).
 *
 * <p>Keys this class does not declare (for example {@code min.insync.replicas}, which is the broker's) are ignored
 * by {@link #of}, so the broker may pass a topic's whole configuration. Thread-safe (immutable).
 */
public final class LogConfig {

    public static final String SEGMENT_BYTES = "segment.bytes";
    public static final String SEGMENT_MS = "segment.ms";
    public static final String SEGMENT_JITTER_MS = "segment.jitter.ms";
    public static final String SEGMENT_INDEX_BYTES = "segment.index.bytes";
    public static final String INDEX_INTERVAL_BYTES = "index.interval.bytes";
    public static final String RETENTION_MS = "retention.ms";
    public static final String RETENTION_BYTES = "retention.bytes";
    public static final String CLEANUP_POLICY = "cleanup.policy";
    public static final String DELETE_RETENTION_MS = "delete.retention.ms";
    public static final String MIN_CLEANABLE_DIRTY_RATIO = "min.cleanable.dirty.ratio";
    public static final String MIN_COMPACTION_LAG_MS = "min.compaction.lag.ms";
    public static final String MAX_COMPACTION_LAG_MS = "max.compaction.lag.ms";
    public static final String FLUSH_MESSAGES = "flush.messages";
    public static final String FLUSH_MS = "flush.ms";
    public static final String MAX_MESSAGE_BYTES = "max.message.bytes";
    public static final String MESSAGE_TIMESTAMP_TYPE = "message.timestamp.type";
    public static final String MESSAGE_TIMESTAMP_BEFORE_MAX_MS = "message.timestamp.before.max.ms";
    public static final String MESSAGE_TIMESTAMP_AFTER_MAX_MS = "message.timestamp.after.max.ms";
    public static final String FILE_DELETE_DELAY_MS = "file.delete.delay.ms";

    public static final String CLEANUP_POLICY_DELETE = "delete";
    public static final String CLEANUP_POLICY_COMPACT = "compact";

    /** The declaration of every key, for the broker to merge into its topic configuration definition. */
    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(SEGMENT_BYTES, ConfigType.INT, 1024 * 1024 * 1024, atLeast(14), "The size of a segment file.")
            .define(
                    SEGMENT_MS,
                    ConfigType.LONG,
                    7 * 24 * 60 * 60 * 1000L,
                    atLeast(1),
                    "The age after which a segment is rolled even if not full.")
            .define(
                    SEGMENT_JITTER_MS,
                    ConfigType.LONG,
                    0L,
                    atLeast(0),
                    "The largest random amount subtracted from segment.ms for each segment, to avoid rolling every "
                            + "partition at once.")
            .define(
                    SEGMENT_INDEX_BYTES,
                    ConfigType.INT,
                    10 * 1024 * 1024,
                    atLeast(4),
                    "The size bound of each index file; a full index rolls the segment.")
            .define(
                    INDEX_INTERVAL_BYTES,
                    ConfigType.INT,
                    4096,
                    atLeast(0),
                    "How many bytes are appended between two offset index entries.")
            .define(
                    RETENTION_MS,
                    ConfigType.LONG,
                    7 * 24 * 60 * 60 * 1000L,
                    atLeast(-1),
                    "How long a segment is kept after its newest record's timestamp, with the delete policy; -1 "
                            + "is forever.")
            .define(
                    RETENTION_BYTES,
                    ConfigType.LONG,
                    -1L,
                    "The size the partition may grow to before its oldest segments are deleted; -1 is no limit.")
            .define(
                    CLEANUP_POLICY,
                    ConfigType.LIST,
                    CLEANUP_POLICY_DELETE,
                    listOf(false, CLEANUP_POLICY_DELETE, CLEANUP_POLICY_COMPACT),
                    "delete (by retention.ms and retention.bytes), compact (keep the latest record per key), or both.")
            .define(
                    DELETE_RETENTION_MS,
                    ConfigType.LONG,
                    24 * 60 * 60 * 1000L,
                    atLeast(0),
                    "How long tombstones are kept by compaction after the segment holding them was cleaned.")
            .define(
                    MIN_CLEANABLE_DIRTY_RATIO,
                    ConfigType.DOUBLE,
                    0.5,
                    between(0, 1),
                    "The share of the log that must be uncompacted before compaction runs.")
            .define(
                    MIN_COMPACTION_LAG_MS,
                    ConfigType.LONG,
                    0L,
                    atLeast(0),
                    "The time a record stays uncompacted at least.")
            .define(
                    MAX_COMPACTION_LAG_MS,
                    ConfigType.LONG,
                    Long.MAX_VALUE,
                    atLeast(1),
                    "The time after which a record is compacted whatever the dirty ratio.")
            .define(
                    FLUSH_MESSAGES,
                    ConfigType.LONG,
                    Long.MAX_VALUE,
                    atLeast(1),
                    "Force the log to disk after this many records; the default leaves flushing to the OS.")
            .define(
                    FLUSH_MS,
                    ConfigType.LONG,
                    Long.MAX_VALUE,
                    atLeast(0),
                    "Force the log to disk when this long has passed since the last flush; the default leaves "
                            + "flushing to the OS.")
            .define(
                    MAX_MESSAGE_BYTES,
                    ConfigType.INT,
                    1024 * 1024 + 12,
                    atLeast(0),
                    "The largest record batch the log accepts.")
            .define(
                    MESSAGE_TIMESTAMP_TYPE,
                    ConfigType.STRING,
                    "CreateTime",
                    in("CreateTime", "LogAppendTime"),
                    "Whether record timestamps are the producer's (CreateTime) or the broker's (LogAppendTime).")
            .define(
                    MESSAGE_TIMESTAMP_BEFORE_MAX_MS,
                    ConfigType.LONG,
                    Long.MAX_VALUE,
                    atLeast(0),
                    "How far in the past a CreateTime timestamp may be.")
            .define(
                    MESSAGE_TIMESTAMP_AFTER_MAX_MS,
                    ConfigType.LONG,
                    60 * 60 * 1000L,
                    atLeast(0),
                    "How far in the future a CreateTime timestamp may be.")
            .define(
                    FILE_DELETE_DELAY_MS,
                    ConfigType.LONG,
                    60_000L,
                    atLeast(0),
                    "How long a deleted segment's files are kept (renamed .deleted) before removal.");

    private static final LogConfig DEFAULTS = new LogConfig(Map.of());

    private final Config config;
    private final int segmentBytes;
    private final long segmentMs;
    private final long segmentJitterMs;
    private final int segmentIndexBytes;
    private final int indexIntervalBytes;
    private final long retentionMs;
    private final long retentionBytes;
    private final boolean delete;
    private final boolean compact;
    private final long deleteRetentionMs;
    private final double minCleanableDirtyRatio;
    private final long minCompactionLagMs;
    private final long maxCompactionLagMs;
    private final long flushMessages;
    private final long flushMs;
    private final int maxMessageBytes;
    private final TimestampType timestampType;
    private final long timestampBeforeMaxMs;
    private final long timestampAfterMaxMs;
    private final long fileDeleteDelayMs;

    private LogConfig(Map<String, ?> props) {
        Map<String, Object> known = new HashMap<>();
        props.forEach((k, v) -> {
            if (DEFINITION.key(k).isPresent()) {
                known.put(k, v);
            }
        });
        this.config = new Config(DEFINITION, known, true);
        this.segmentBytes = config.getInt(SEGMENT_BYTES);
        this.segmentMs = config.getLong(SEGMENT_MS);
        this.segmentJitterMs = config.getLong(SEGMENT_JITTER_MS);
        this.segmentIndexBytes = config.getInt(SEGMENT_INDEX_BYTES);
        this.indexIntervalBytes = config.getInt(INDEX_INTERVAL_BYTES);
        this.retentionMs = config.getLong(RETENTION_MS);
        this.retentionBytes = config.getLong(RETENTION_BYTES);
        List<String> policy = config.getList(CLEANUP_POLICY);
        this.delete = policy.contains(CLEANUP_POLICY_DELETE);
        this.compact = policy.contains(CLEANUP_POLICY_COMPACT);
        this.deleteRetentionMs = config.getLong(DELETE_RETENTION_MS);
        this.minCleanableDirtyRatio = config.getDouble(MIN_CLEANABLE_DIRTY_RATIO);
        this.minCompactionLagMs = config.getLong(MIN_COMPACTION_LAG_MS);
        this.maxCompactionLagMs = config.getLong(MAX_COMPACTION_LAG_MS);
        this.flushMessages = config.getLong(FLUSH_MESSAGES);
        this.flushMs = config.getLong(FLUSH_MS);
        this.maxMessageBytes = config.getInt(MAX_MESSAGE_BYTES);
        this.timestampType = config.getString(MESSAGE_TIMESTAMP_TYPE).equalsIgnoreCase("LogAppendTime")
                ? TimestampType.LOG_APPEND_TIME
                : TimestampType.CREATE_TIME;
        this.timestampBeforeMaxMs = config.getLong(MESSAGE_TIMESTAMP_BEFORE_MAX_MS);
        this.timestampAfterMaxMs = config.getLong(MESSAGE_TIMESTAMP_AFTER_MAX_MS);
        this.fileDeleteDelayMs = config.getLong(FILE_DELETE_DELAY_MS);
    }

    /** Kafka's defaults for every key. */
    public static LogConfig defaults() {
        return DEFAULTS;
    }

    /**
     * Parses topic-level properties (strings or typed values); keys this class does not declare are ignored.
     *
     * @throws io.runnel.common.config.ConfigException naming the key, for an invalid value
     */
    public static LogConfig of(Map<String, ?> props) {
        return new LogConfig(props);
    }

    /** This configuration with some keys changed. */
    public LogConfig with(Map<String, ?> overrides) {
        Map<String, Object> merged = new HashMap<>(config.originals());
        merged.putAll(overrides);
        return new LogConfig(merged);
    }

    /** This configuration with one key changed. */
    public LogConfig with(String key, Object value) {
        return with(Map.of(key, value));
    }

    /** The values given explicitly (not defaulted). */
    public Map<String, ?> originals() {
        return config.originals();
    }

    /** Every key with its effective value. */
    public Map<String, Object> values() {
        return config.values();
    }

    public int segmentBytes() {
        return segmentBytes;
    }

    public long segmentMs() {
        return segmentMs;
    }

    public long segmentJitterMs() {
        return segmentJitterMs;
    }

    public int segmentIndexBytes() {
        return segmentIndexBytes;
    }

    public int indexIntervalBytes() {
        return indexIntervalBytes;
    }

    public long retentionMs() {
        return retentionMs;
    }

    public long retentionBytes() {
        return retentionBytes;
    }

    /** Whether {@code cleanup.policy} includes {@code delete}. */
    public boolean deleteEnabled() {
        return delete;
    }

    /** Whether {@code cleanup.policy} includes {@code compact}. */
    public boolean compactEnabled() {
        return compact;
    }

    public long deleteRetentionMs() {
        return deleteRetentionMs;
    }

    public double minCleanableDirtyRatio() {
        return minCleanableDirtyRatio;
    }

    public long minCompactionLagMs() {
        return minCompactionLagMs;
    }

    public long maxCompactionLagMs() {
        return maxCompactionLagMs;
    }

    public long flushMessages() {
        return flushMessages;
    }

    public long flushMs() {
        return flushMs;
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    public TimestampType messageTimestampType() {
        return timestampType;
    }

    public long messageTimestampBeforeMaxMs() {
        return timestampBeforeMaxMs;
    }

    public long messageTimestampAfterMaxMs() {
        return timestampAfterMaxMs;
    }

    public long fileDeleteDelayMs() {
        return fileDeleteDelayMs;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogConfig other && config.values().equals(other.config.values());
    }

    @Override
    public int hashCode() {
        return config.values().hashCode();
    }

    @Override
    public String toString() {
        return "LogConfig" + config.originals();
    }
}
