package io.runnel.coordinator;

import io.runnel.common.config.Config;
import io.runnel.common.config.ConfigDef;
import io.runnel.common.config.ConfigType;
import io.runnel.common.config.ConfigValidator;
import java.util.List;
import java.util.Map;

/**
 * The group coordinator's settings, with Kafka's names and defaults. The broker adds {@link #configDef()} to its
 * own definition ({@code ConfigDef.withAll}) and builds one of these from the parsed server configuration.
 *
 * <p>Immutable and thread-safe.
 */
public final class GroupCoordinatorConfig {

    public static final String GROUP_MIN_SESSION_TIMEOUT_MS = "group.min.session.timeout.ms";
    public static final String GROUP_MAX_SESSION_TIMEOUT_MS = "group.max.session.timeout.ms";
    public static final String GROUP_INITIAL_REBALANCE_DELAY_MS = "group.initial.rebalance.delay.ms";
    public static final String GROUP_MAX_SIZE = "group.max.size";
    public static final String GROUP_COORDINATOR_REBALANCE_PROTOCOLS = "group.coordinator.rebalance.protocols";
    public static final String OFFSETS_TOPIC_NUM_PARTITIONS = "offsets.topic.num.partitions";
    public static final String OFFSETS_RETENTION_MINUTES = "offsets.retention.minutes";
    public static final String OFFSETS_RETENTION_CHECK_INTERVAL_MS = "offsets.retention.check.interval.ms";
    public static final String OFFSET_METADATA_MAX_BYTES = "offset.metadata.max.bytes";
    public static final String CONSUMER_GROUP_SESSION_TIMEOUT_MS = "group.consumer.session.timeout.ms";
    public static final String CONSUMER_GROUP_HEARTBEAT_INTERVAL_MS = "group.consumer.heartbeat.interval.ms";
    public static final String CONSUMER_GROUP_MAX_SIZE = "group.consumer.max.size";
    public static final String CONSUMER_GROUP_ASSIGNORS = "group.consumer.assignors";

    /**
     * How long a member that joined during the current rebalance may wait for it to complete before it is removed
     * (KIP-394). Kafka has this as a constant too.
     */
    public static final int NEW_MEMBER_JOIN_TIMEOUT_MS = 5 * 60 * 1000;

    private final Config config;

    /** A fresh definition of every coordinator key; callers may add it to a larger definition. */
    public static ConfigDef configDef() {
        return new ConfigDef()
                .define(
                        GROUP_MIN_SESSION_TIMEOUT_MS,
                        ConfigType.INT,
                        6000,
                        ConfigValidator.atLeast(0),
                        "The minimum session timeout a classic group member may ask for.")
                .define(
                        GROUP_MAX_SESSION_TIMEOUT_MS,
                        ConfigType.INT,
                        1800000,
                        ConfigValidator.atLeast(0),
                        "The maximum session timeout a classic group member may ask for.")
                .define(
                        GROUP_INITIAL_REBALANCE_DELAY_MS,
                        ConfigType.INT,
                        3000,
                        ConfigValidator.atLeast(0),
                        "How long the first rebalance of an empty classic group waits for more members to join.")
                .define(
                        GROUP_MAX_SIZE,
                        ConfigType.INT,
                        Integer.MAX_VALUE,
                        ConfigValidator.atLeast(1),
                        "The maximum number of members of a classic group.")
                .define(
                        GROUP_COORDINATOR_REBALANCE_PROTOCOLS,
                        ConfigType.LIST,
                        "classic,consumer",
                        ConfigValidator.listOf(true, "classic", "consumer", "streams", "share"),
                        "The rebalance protocols the coordinator serves; classic must be among them. Kafka's streams"
                                + " and share are accepted (so Kafka configuration files load) but not served yet.")
                .define(
                        OFFSETS_TOPIC_NUM_PARTITIONS,
                        ConfigType.INT,
                        50,
                        ConfigValidator.atLeast(1),
                        "The number of partitions of __consumer_offsets (must not change once it exists).")
                .define(
                        OFFSETS_RETENTION_MINUTES,
                        ConfigType.INT,
                        7 * 24 * 60,
                        ConfigValidator.atLeast(1),
                        "How long committed offsets of a group without members are kept.")
                .define(
                        OFFSETS_RETENTION_CHECK_INTERVAL_MS,
                        ConfigType.LONG,
                        600000L,
                        ConfigValidator.atLeast(1),
                        "How often expired offsets are looked for.")
                .define(
                        OFFSET_METADATA_MAX_BYTES,
                        ConfigType.INT,
                        4096,
                        ConfigValidator.atLeast(0),
                        "The largest metadata string an offset commit may carry.")
                .define(
                        CONSUMER_GROUP_SESSION_TIMEOUT_MS,
                        ConfigType.INT,
                        45000,
                        ConfigValidator.atLeast(1),
                        "The session timeout of members of consumer (KIP-848) groups.")
                .define(
                        CONSUMER_GROUP_HEARTBEAT_INTERVAL_MS,
                        ConfigType.INT,
                        5000,
                        ConfigValidator.atLeast(1),
                        "The heartbeat interval given to members of consumer (KIP-848) groups.")
                .define(
                        CONSUMER_GROUP_MAX_SIZE,
                        ConfigType.INT,
                        Integer.MAX_VALUE,
                        ConfigValidator.atLeast(1),
                        "The maximum number of members of a consumer (KIP-848) group.")
                .define(
                        CONSUMER_GROUP_ASSIGNORS,
                        ConfigType.LIST,
                        "uniform,range",
                        ConfigValidator.listOf(true, "uniform", "range"),
                        "The server-side assignors of consumer groups; the first is used when a member names none.");
    }

    public GroupCoordinatorConfig(Config config) {
        this.config = config;
        if (!config.getList(GROUP_COORDINATOR_REBALANCE_PROTOCOLS).contains("classic")) {
            throw new io.runnel.common.config.ConfigException(
                    GROUP_COORDINATOR_REBALANCE_PROTOCOLS,
                    config.get(GROUP_COORDINATOR_REBALANCE_PROTOCOLS),
                    "The classic protocol cannot be disabled");
        }
    }

    /** Parses {@code props} leniently (keys that are not the coordinator's are ignored). */
    public static GroupCoordinatorConfig of(Map<String, ?> props) {
        return new GroupCoordinatorConfig(new Config(configDef(), props, false));
    }

    /** Every default. */
    public static GroupCoordinatorConfig defaults() {
        return of(Map.of());
    }

    public int groupMinSessionTimeoutMs() {
        return config.getInt(GROUP_MIN_SESSION_TIMEOUT_MS);
    }

    public int groupMaxSessionTimeoutMs() {
        return config.getInt(GROUP_MAX_SESSION_TIMEOUT_MS);
    }

    public int groupInitialRebalanceDelayMs() {
        return config.getInt(GROUP_INITIAL_REBALANCE_DELAY_MS);
    }

    public int groupMaxSize() {
        return config.getInt(GROUP_MAX_SIZE);
    }

    public boolean consumerProtocolEnabled() {
        return config.getList(GROUP_COORDINATOR_REBALANCE_PROTOCOLS).contains("consumer");
    }

    public int offsetsTopicNumPartitions() {
        return config.getInt(OFFSETS_TOPIC_NUM_PARTITIONS);
    }

    public long offsetsRetentionMs() {
        return config.getInt(OFFSETS_RETENTION_MINUTES) * 60_000L;
    }

    public long offsetsRetentionCheckIntervalMs() {
        return config.getLong(OFFSETS_RETENTION_CHECK_INTERVAL_MS);
    }

    public int offsetMetadataMaxBytes() {
        return config.getInt(OFFSET_METADATA_MAX_BYTES);
    }

    public int consumerGroupSessionTimeoutMs() {
        return config.getInt(CONSUMER_GROUP_SESSION_TIMEOUT_MS);
    }

    public int consumerGroupHeartbeatIntervalMs() {
        return config.getInt(CONSUMER_GROUP_HEARTBEAT_INTERVAL_MS);
    }

    public int consumerGroupMaxSize() {
        return config.getInt(CONSUMER_GROUP_MAX_SIZE);
    }

    /** The configured server-side assignor names; the first is the default. */
    public List<String> consumerGroupAssignors() {
        return config.getList(CONSUMER_GROUP_ASSIGNORS);
    }
}
