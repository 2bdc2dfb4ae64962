package io.runnel.broker.config;

import static io.runnel.common.config.ConfigType.BOOLEAN;
import static io.runnel.common.config.ConfigType.INT;
import static io.runnel.common.config.ConfigType.LIST;
import static io.runnel.common.config.ConfigType.LONG;
import static io.runnel.common.config.ConfigType.STRING;
import static io.runnel.common.config.ConfigValidator.atLeast;
import static io.runnel.common.config.ConfigValidator.between;
import static io.runnel.common.config.ConfigValidator.in;

import io.runnel.common.config.ConfigDef;
import io.runnel.storage.LogConfig;

/**
 * Every topic-level configuration key, with Kafka's names, types, defaults and documentation: the storage's log
 * keys and the broker's own. Topic overrides
 * given to CreateTopics or AlterConfigs are checked against this definition; the effective value of a key is the
 * topic override, else the broker's {@code log.*} default, else the default here.
 */
public final class TopicConfigDef {

    private TopicConfigDef() {}

    /**
     * The storage's keys ({@link LogConfig#DEFINITION}: segments, retention, compaction, flushing, message size and
     * timestamps) plus the topic keys the broker owns.
     */
    public static final ConfigDef DEFINITION = new ConfigDef()
            .withAll(LogConfig.DEFINITION)
            .define(
                    "compression.type",
                    STRING,
                    "producer",
                    in("uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"),
                    "The compression of stored batches; \"producer\" keeps what the producer sent.")
            .define("compression.gzip.level", INT, -1, between(-1, 9), "Level for gzip recompression.")
            .define("compression.lz4.level", INT, 9, between(1, 17), "Level for lz4 recompression.")
            .define("compression.zstd.level", INT, 3, between(-131072, 22), "Level for zstd recompression.")
            .define("follower.replication.throttled.replicas", LIST, "", "Replicas throttled on the follower side.")
            .define("leader.replication.throttled.replicas", LIST, "", "Replicas throttled on the leader side.")
            .define("local.retention.bytes", LONG, -2L, atLeast(-2), "Local retention with tiered storage.")
            .define("local.retention.ms", LONG, -2L, atLeast(-2), "Local retention with tiered storage.")
            .define("min.insync.replicas", INT, 1, atLeast(1), "Replicas that must acknowledge an acks=all write.")
            .define("preallocate", BOOLEAN, false, "Preallocate segment files.")
            .define("remote.storage.enable", BOOLEAN, false, "Tiered storage (not supported).")
            .define("unclean.leader.election.enable", BOOLEAN, false, "Allow an out-of-sync replica to become leader.");
}
