package io.runnel.broker.config;

import static io.runnel.common.config.ConfigType.BOOLEAN;
import static io.runnel.common.config.ConfigType.DOUBLE;
import static io.runnel.common.config.ConfigType.INT;
import static io.runnel.common.config.ConfigType.LIST;
import static io.runnel.common.config.ConfigType.LONG;
import static io.runnel.common.config.ConfigType.SHORT;
import static io.runnel.common.config.ConfigType.STRING;
import static io.runnel.common.config.ConfigValidator.atLeast;
import static io.runnel.common.config.ConfigValidator.between;
import static io.runnel.common.config.ConfigValidator.in;
import static io.runnel.common.config.ConfigValidator.listOf;

import io.runnel.broker.network.Endpoint;
import io.runnel.common.config.Config;
import io.runnel.common.config.ConfigDef;
import io.runnel.common.config.ConfigException;
import io.runnel.coordinator.GroupCoordinatorConfig;
import io.runnel.storage.LogManagerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The broker's configuration: Kafka's property names and defaults wherever Kafka has an equivalent. Every key is
 * declared here once; an unknown key or an invalid value stops start-up with a {@link ConfigException} naming the
 * key. Topic-level defaults are the broker's {@code log.*} keys, translated by {@link #topicDefaults()}.
 *
 * <p>Immutable and thread-safe.
 */
public final class BrokerConfig extends Config {

    public static final String NODE_ID = "node.id";
    public static final String LISTENERS = "listeners";
    public static final String ADVERTISED_LISTENERS = "advertised.listeners";
    public static final String LOG_DIRS = "log.dirs";
    public static final String LOG_DIR = "log.dir";
    public static final String NUM_PARTITIONS = "num.partitions";
    public static final String DEFAULT_REPLICATION_FACTOR = "default.replication.factor";
    public static final String AUTO_CREATE_TOPICS_ENABLE = "auto.create.topics.enable";
    public static final String DELETE_TOPIC_ENABLE = "delete.topic.enable";
    public static final String SOCKET_REQUEST_MAX_BYTES = "socket.request.max.bytes";
    public static final String SOCKET_SEND_BUFFER_BYTES = "socket.send.buffer.bytes";
    public static final String SOCKET_RECEIVE_BUFFER_BYTES = "socket.receive.buffer.bytes";
    public static final String MAX_CONNECTIONS = "max.connections";
    public static final String CONNECTIONS_MAX_IDLE_MS = "connections.max.idle.ms";
    public static final String NUM_NETWORK_THREADS = "num.network.threads";
    public static final String QUEUED_MAX_REQUESTS = "queued.max.requests";
    public static final String RACK = "broker.rack";
    public static final String MESSAGE_MAX_BYTES = "message.max.bytes";
    public static final String OFFSETS_TOPIC_REPLICATION_FACTOR = "offsets.topic.replication.factor";
    public static final String OFFSETS_TOPIC_SEGMENT_BYTES = "offsets.topic.segment.bytes";
    public static final String SHUTDOWN_GRACE_MS = "runnel.shutdown.grace.ms";
    public static final String ACKS_ALL_DURABLE = "runnel.acks.all.durable";
    public static final String FETCH_MAX_BYTES = "fetch.max.bytes";
    public static final String MAX_INCREMENTAL_FETCH_SESSION_CACHE_SLOTS = "max.incremental.fetch.session.cache.slots";

    /** Broker key → topic-level key whose default it sets (Kafka's mapping). */
    private static final Map<String, String> TOPIC_DEFAULTS = new LinkedHashMap<>();

    static {
        TOPIC_DEFAULTS.put("log.cleanup.policy", "cleanup.policy");
        TOPIC_DEFAULTS.put("compression.type", "compression.type");
        TOPIC_DEFAULTS.put("log.cleaner.delete.retention.ms", "delete.retention.ms");
        TOPIC_DEFAULTS.put("log.segment.delete.delay.ms", "file.delete.delay.ms");
        TOPIC_DEFAULTS.put("log.flush.interval.messages", "flush.messages");
        TOPIC_DEFAULTS.put("log.flush.interval.ms", "flush.ms");
        TOPIC_DEFAULTS.put("log.index.interval.bytes", "index.interval.bytes");
        TOPIC_DEFAULTS.put("log.cleaner.max.compaction.lag.ms", "max.compaction.lag.ms");
        TOPIC_DEFAULTS.put(MESSAGE_MAX_BYTES, "max.message.bytes");
        TOPIC_DEFAULTS.put("log.message.timestamp.after.max.ms", "message.timestamp.after.max.ms");
        TOPIC_DEFAULTS.put("log.message.timestamp.before.max.ms", "message.timestamp.before.max.ms");
        TOPIC_DEFAULTS.put("log.message.timestamp.type", "message.timestamp.type");
        TOPIC_DEFAULTS.put("log.cleaner.min.cleanable.ratio", "min.cleanable.dirty.ratio");
        TOPIC_DEFAULTS.put("log.cleaner.min.compaction.lag.ms", "min.compaction.lag.ms");
        TOPIC_DEFAULTS.put("min.insync.replicas", "min.insync.replicas");
        TOPIC_DEFAULTS.put("log.preallocate", "preallocate");
        TOPIC_DEFAULTS.put("log.retention.bytes", "retention.bytes");
        TOPIC_DEFAULTS.put("log.retention.ms", "retention.ms");
        TOPIC_DEFAULTS.put("log.segment.bytes", "segment.bytes");
        TOPIC_DEFAULTS.put("log.index.size.max.bytes", "segment.index.bytes");
        TOPIC_DEFAULTS.put("log.roll.jitter.ms", "segment.jitter.ms");
        TOPIC_DEFAULTS.put("log.roll.ms", "segment.ms");
    }

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(NODE_ID, INT, 1, atLeast(0), "The id of this broker in the cluster.")
            .define(
                    LISTENERS,
                    STRING,
                    "PLAINTEXT://localhost:9092",
                    "Comma-separated NAME://host:port listeners to bind; port 0 picks a free port.")
            .define(
                    ADVERTISED_LISTENERS,
                    STRING,
                    "",
                    "Listeners to give clients in metadata, if different from listeners.")
            .define(LOG_DIRS, STRING, "", "Comma-separated data directories; overrides log.dir.")
            .define(LOG_DIR, STRING, "./data", "The data directory, used when log.dirs is not set.")
            .define(RACK, STRING, "", "The rack of this broker, given to clients in metadata.")
            .define(
                    NUM_PARTITIONS,
                    INT,
                    1,
                    atLeast(1),
                    "Partitions of auto-created topics and of topics created" + " without a partition count.")
            .define(
                    DEFAULT_REPLICATION_FACTOR,
                    SHORT,
                    (short) 1,
                    atLeast(1),
                    "Replication factor of auto-created topics and of topics created without one.")
            .define(AUTO_CREATE_TOPICS_ENABLE, BOOLEAN, true, "Create a topic when a client asks for an unknown one.")
            .define(DELETE_TOPIC_ENABLE, BOOLEAN, true, "Whether topics may be deleted.")
            .define(
                    SOCKET_REQUEST_MAX_BYTES,
                    INT,
                    104857600,
                    atLeast(1),
                    "The largest request frame accepted; a larger one closes the connection.")
            .define(SOCKET_SEND_BUFFER_BYTES, INT, 102400, "SO_SNDBUF of client sockets; -1 for the OS default.")
            .define(SOCKET_RECEIVE_BUFFER_BYTES, INT, 102400, "SO_RCVBUF of client sockets; -1 for the OS default.")
            .define(MAX_CONNECTIONS, INT, Integer.MAX_VALUE, atLeast(0), "The most client connections at once.")
            .define(
                    CONNECTIONS_MAX_IDLE_MS,
                    LONG,
                    600000L,
                    atLeast(1),
                    "Idle connections are closed after this many milliseconds.")
            .define(
                    NUM_NETWORK_THREADS,
                    INT,
                    Math.max(2, Runtime.getRuntime().availableProcessors()),
                    atLeast(1),
                    "Event-loop threads serving connections.")
            .define(
                    QUEUED_MAX_REQUESTS,
                    INT,
                    100,
                    atLeast(1),
                    "Responses outstanding on one connection before the broker stops reading from it.")
            .define(
                    MESSAGE_MAX_BYTES,
                    INT,
                    1048588,
                    atLeast(0),
                    "The largest record batch accepted (default for topics' max.message.bytes).")
            .define(FETCH_MAX_BYTES, INT, 57671680, atLeast(1024), "The most bytes a fetch response returns.")
            .define(
                    MAX_INCREMENTAL_FETCH_SESSION_CACHE_SLOTS,
                    INT,
                    1000,
                    atLeast(0),
                    "Incremental fetch sessions kept at once.")
            .define(
                    OFFSETS_TOPIC_REPLICATION_FACTOR,
                    SHORT,
                    (short) 3,
                    atLeast(1),
                    "Replication factor of __consumer_offsets (capped at the number of brokers).")
            .define(OFFSETS_TOPIC_SEGMENT_BYTES, INT, 104857600, atLeast(1), "segment.bytes of __consumer_offsets.")
            .define(
                    ACKS_ALL_DURABLE,
                    BOOLEAN,
                    false,
                    "Durable mode: the high watermark follows what is on disk, so acks=all (and what consumers can"
                            + " read) waits for a group-commit fsync. Off: acks=all means the page cache, as in"
                            + " Kafka with one replica.")
            .define(
                    SHUTDOWN_GRACE_MS,
                    LONG,
                    5000L,
                    atLeast(0),
                    "How long a shutdown waits for in-flight requests before closing connections.")
            // Topic defaults (log.*): Kafka's names and defaults.
            .define("log.cleanup.policy", LIST, "delete", listOf(true, "delete", "compact"), "Default cleanup.policy.")
            .define(
                    "compression.type",
                    STRING,
                    "producer",
                    in("uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"),
                    "Default compression.type.")
            .define("log.cleaner.delete.retention.ms", LONG, 86400000L, atLeast(0), "Default delete.retention.ms.")
            .define("log.segment.delete.delay.ms", LONG, 60000L, atLeast(0), "Default file.delete.delay.ms.")
            .define("log.flush.interval.messages", LONG, Long.MAX_VALUE, atLeast(1), "Default flush.messages.")
            .define("log.flush.interval.ms", LONG, Long.MAX_VALUE, atLeast(0), "Default flush.ms.")
            .define("log.index.interval.bytes", INT, 4096, atLeast(0), "Default index.interval.bytes.")
            .define(
                    "log.cleaner.max.compaction.lag.ms",
                    LONG,
                    Long.MAX_VALUE,
                    atLeast(1),
                    "Default max.compaction.lag.ms.")
            .define(
                    "log.message.timestamp.after.max.ms",
                    LONG,
                    3600000L,
                    atLeast(0),
                    "Default message.timestamp.after.max.ms.")
            .define(
                    "log.message.timestamp.before.max.ms",
                    LONG,
                    Long.MAX_VALUE,
                    atLeast(0),
                    "Default message.timestamp.before.max.ms.")
            .define(
                    "log.message.timestamp.type",
                    STRING,
                    "CreateTime",
                    in("CreateTime", "LogAppendTime"),
                    "Default message.timestamp.type.")
            .define("log.cleaner.min.cleanable.ratio", DOUBLE, 0.5, between(0, 1), "Default min.cleanable.dirty.ratio.")
            .define("log.cleaner.min.compaction.lag.ms", LONG, 0L, atLeast(0), "Default min.compaction.lag.ms.")
            .define("min.insync.replicas", INT, 1, atLeast(1), "Default min.insync.replicas.")
            .define("log.preallocate", BOOLEAN, false, "Default preallocate.")
            .define("log.retention.bytes", LONG, -1L, "Default retention.bytes.")
            .define("log.retention.ms", LONG, null, "Default retention.ms (overrides minutes and hours).")
            .define("log.retention.minutes", INT, null, "Default retention in minutes (overrides hours).")
            .define("log.retention.hours", INT, 168, "Default retention in hours.")
            .define("log.segment.bytes", INT, 1073741824, atLeast(14), "Default segment.bytes.")
            .define("log.index.size.max.bytes", INT, 10485760, atLeast(4), "Default segment.index.bytes.")
            .define("log.roll.jitter.ms", LONG, 0L, atLeast(0), "Default segment.jitter.ms.")
            .define("log.roll.ms", LONG, null, "Default segment.ms (overrides log.roll.hours).")
            .define("log.roll.hours", INT, 168, atLeast(1), "Default segment.ms in hours.")
            // The log manager's own keys (retention checks, cleaner, recovery threads, checkpoints).
            .withAll(LogManagerConfig.DEFINITION)
            // The group coordinator's keys (group.*, offsets.*).
            .withAll(GroupCoordinatorConfig.configDef());

    private final List<Endpoint> listeners;
    private final List<Endpoint> advertisedListeners;

    public BrokerConfig(Map<String, ?> props) {
        this(props, true);
    }

    public BrokerConfig(Map<String, ?> props, boolean strict) {
        super(DEFINITION, props, strict);
        this.listeners = Endpoint.parseList(LISTENERS, getString(LISTENERS));
        if (listeners.isEmpty()) {
            throw new ConfigException(LISTENERS, getString(LISTENERS), "at least one listener is required");
        }
        String advertised = getString(ADVERTISED_LISTENERS);
        this.advertisedListeners =
                advertised.isBlank() ? listeners : Endpoint.parseList(ADVERTISED_LISTENERS, advertised);
    }

    public int nodeId() {
        return getInt(NODE_ID);
    }

    public List<Endpoint> listeners() {
        return listeners;
    }

    public List<Endpoint> advertisedListeners() {
        return advertisedListeners;
    }

    /** The data directories: log.dirs when set, else log.dir. */
    public List<Path> logDirs() {
        String dirs = getString(LOG_DIRS);
        List<Path> paths = new ArrayList<>();
        for (String d : (dirs.isBlank() ? getString(LOG_DIR) : dirs).split(",")) {
            if (!d.isBlank()) {
                paths.add(Path.of(d.trim()));
            }
        }
        return paths;
    }

    /** Kafka's precedence: log.retention.ms, else minutes, else hours. */
    public long logRetentionMs() {
        Object ms = get("log.retention.ms");
        if (ms != null) {
            return (Long) ms;
        }
        Object minutes = get("log.retention.minutes");
        if (minutes != null) {
            return 60_000L * (Integer) minutes;
        }
        return 3_600_000L * getInt("log.retention.hours");
    }

    public long logRollMs() {
        Object ms = get("log.roll.ms");
        return ms != null ? (Long) ms : 3_600_000L * getInt("log.roll.hours");
    }

    /** The topic-level defaults these broker settings give, keyed by topic config name, as strings. */
    public Map<String, String> topicDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        TOPIC_DEFAULTS.forEach((brokerKey, topicKey) -> {
            Object v = get(brokerKey);
            if (v != null) {
                defaults.put(topicKey, v instanceof List<?> l ? String.join(",", (List<String>) l) : v.toString());
            }
        });
        defaults.put("retention.ms", Long.toString(logRetentionMs()));
        defaults.put("segment.ms", Long.toString(logRollMs()));
        return defaults;
    }

    /** Broker keys that set a topic default, with the topic key each one sets. */
    public static Map<String, String> topicDefaultKeys() {
        return TOPIC_DEFAULTS;
    }
}
