package io.runnel.registry;

import static io.runnel.common.config.ConfigType.BOOLEAN;
import static io.runnel.common.config.ConfigType.INT;
import static io.runnel.common.config.ConfigType.LONG;
import static io.runnel.common.config.ConfigType.STRING;
import static io.runnel.common.config.ConfigValidator.atLeast;
import static io.runnel.common.config.ConfigValidator.between;
import static io.runnel.common.config.ConfigValidator.nonEmptyString;

import io.runnel.common.config.Config;
import io.runnel.common.config.ConfigDef;
import java.util.Map;

/**
 * The registry's keys in a node's configuration, each declared once with type, default, validator and
 * documentation. They carry the {@code runnel.registry.} prefix so they sit beside the broker's keys in one
 * {@code server.properties}; the ecosystem's names follow the prefix where there is one ({@code kafkastore.topic}).
 */
public final class SchemaRegistryConfig extends Config {

    public static final String ENABLE = "runnel.registry.enable";
    public static final String HOST = "runnel.registry.host";
    public static final String PORT = "runnel.registry.port";
    public static final String TOPIC = "runnel.registry.kafkastore.topic";
    public static final String TOPIC_REPLICATION_FACTOR = "runnel.registry.kafkastore.topic.replication.factor";
    public static final String TIMEOUT_MS = "runnel.registry.kafkastore.timeout.ms";
    public static final String MAX_REQUEST_BYTES = "runnel.registry.max.request.bytes";

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(ENABLE, BOOLEAN, false, "Run the schema registry in this process.")
            .define(HOST, STRING, "0.0.0.0", nonEmptyString(), "The address the registry's REST API binds.")
            .define(
                    PORT,
                    INT,
                    SchemaRegistry.DEFAULT_PORT,
                    between(0, 65535),
                    "The port of the registry's REST API; 0 picks a free one.")
            .define(
                    TOPIC,
                    STRING,
                    SchemaRegistry.DEFAULT_TOPIC,
                    nonEmptyString(),
                    "The compacted, single-partition topic that holds the schemas.")
            .define(
                    TOPIC_REPLICATION_FACTOR,
                    INT,
                    0,
                    atLeast(0),
                    "Replicas of the schemas topic when the registry creates it; 0 means min(3, brokers).")
            .define(
                    TIMEOUT_MS,
                    LONG,
                    30_000L,
                    atLeast(1),
                    "How long a write, or the replay at start-up, may take before it fails.")
            .define(
                    MAX_REQUEST_BYTES,
                    LONG,
                    SchemaRegistry.DEFAULT_MAX_REQUEST_BYTES,
                    atLeast(1),
                    "The largest request body the REST API accepts; larger ones answer 413.");

    /**
     * @param strict when true an undeclared key is an error (use false when the map also holds the broker's keys)
     */
    public SchemaRegistryConfig(Map<String, ?> props, boolean strict) {
        super(DEFINITION, props, strict);
    }

    public boolean enabled() {
        return getBoolean(ENABLE);
    }
}
