package io.runnel.broker.config;

import static io.runnel.common.config.ConfigType.BOOLEAN;
import static io.runnel.common.config.ConfigType.DOUBLE;
import static io.runnel.common.config.ConfigType.INT;
import static io.runnel.common.config.ConfigType.LIST;
import static io.runnel.common.config.ConfigType.LONG;
import static io.runnel.common.config.ConfigType.STRING;
import static io.runnel.common.config.ConfigValidator.atLeast;
import static io.runnel.common.config.ConfigValidator.between;
import static io.runnel.common.config.ConfigValidator.in;
import static io.runnel.common.config.ConfigValidator.listOf;

import io.runnel.common.config.ConfigDef;

/**
 * Every topic-level configuration key, with Kafka's names, types, defaults and documentation. Topic overrides
 * given to CreateTopics or AlterConfigs are checked against this definition; the effective value of a key is the
 * topic override, else the broker's {@code log.*} default, else the default here.
 */
public final class TopicConfigDef {

    private TopicConfigDef() {}

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(
                    "cleanup.policy",
                    LIST,
                    "delete",
                    listOf(false, "delete", "compact"),
                    "A list of \"delete\" (discard old segments by time or size) and \"compact\" (keep the latest"
                            + " value of each key).")
            .define(
                    "compression.type",
                    STRING,
                    "producer",
                    in("uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"),
                    "The compression of stored batches; \"producer\" keeps what the producer sent.")
            .define("compression.gzip.level", INT, -1, between(-1, 9), "Level for gzip recompression.")
            .define("compression.lz4.level", INT, 9, between(1, 17), "Level for lz4 recompression.")
            .define("compression.zstd.level", INT, 3, between(-131072, 22), "Level for zstd recompression.")
            .define(
                    "delete.retention.ms",
                    LONG,
                    86400000L,
                    atLeast(0),
                    "How long tombstones are kept after compaction reached them.")
            .define("file.delete.delay.ms", LONG, 60000L, atLeast(0), "Delay before a deleted segment's files go.")
            .define("flush.messages", LONG, Long.MAX_VALUE, atLeast(1), "Force an fsync every this many messages.")
            .define("flush.ms", LONG, Long.MAX_VALUE, atLeast(0), "Force an fsync at least this often.")
            .define("follower.replication.throttled.replicas", LIST, "", "Replicas throttled on the follower side.")
            .define("index.interval.bytes", INT, 4096, atLeast(0), "Bytes between offset index entries.")
            .define("leader.replication.throttled.replicas", LIST, "", "Replicas throttled on the leader side.")
            .define("local.retention.bytes", LONG, -2L, atLeast(-2), "Local retention with tiered storage.")
            .define("local.retention.ms", LONG, -2L, atLeast(-2), "Local retention with tiered storage.")
            .define(
                    "max.compaction.lag.ms",
                    LONG,
                    Long.MAX_VALUE,
                    atLeast(1),
                    "The longest a record stays ineligible for compaction.")
            .define("max.message.bytes", INT, 1048588, atLeast(0), "The largest record batch the topic accepts.")
            .define(
                    "message.timestamp.after.max.ms",
                    LONG,
                    3600000L,
                    atLeast(0),
                    "How far in the future a CreateTime timestamp may be.")
            .define(
                    "message.timestamp.before.max.ms",
                    LONG,
                    Long.MAX_VALUE,
                    atLeast(0),
                    "How far in the past a CreateTime timestamp may be.")
            .define(
                    "message.timestamp.type",
                    STRING,
                    "CreateTime",
                    in("CreateTime", "LogAppendTime"),
                    "Whether record timestamps are the producer's or the broker's append time.")
            .define(
                    "min.cleanable.dirty.ratio",
                    DOUBLE,
                    0.5,
                    between(0, 1),
                    "The share of uncompacted log that triggers compaction.")
            .define("min.compaction.lag.ms", LONG, 0L, atLeast(0), "The least time a record stays uncompacted.")
            .define("min.insync.replicas", INT, 1, atLeast(1), "Replicas that must acknowledge an acks=all write.")
            .define("preallocate", BOOLEAN, false, "Preallocate segment files.")
            .define("remote.storage.enable", BOOLEAN, false, "Tiered storage (not supported).")
            .define("retention.bytes", LONG, -1L, "The most bytes a partition keeps; -1 for no limit.")
            .define("retention.ms", LONG, 604800000L, atLeast(-1), "How long records are kept; -1 for ever.")
            .define("segment.bytes", INT, 1073741824, atLeast(14), "The size of a log segment file.")
            .define("segment.index.bytes", INT, 10485760, atLeast(4), "The size of an offset index file.")
            .define("segment.jitter.ms", LONG, 0L, atLeast(0), "Random jitter subtracted from segment.ms.")
            .define("segment.ms", LONG, 604800000L, atLeast(1), "Roll a segment at least this often.")
            .define("unclean.leader.election.enable", BOOLEAN, false, "Allow an out-of-sync replica to become leader.");
}
