package io.runnel.broker.config;

import io.runnel.common.config.ConfigDef;
import io.runnel.common.config.ConfigException;
import io.runnel.common.config.ConfigKey;
import io.runnel.common.config.ConfigType;
import io.runnel.metadata.MetadataImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The broker's effective configuration: a key's value is a dynamic override for this broker (set with
 * AlterConfigs on resource "1"), else a dynamic cluster-wide default (resource ""), else the server's
 * configuration file or command line, else the built-in default. Only the topic defaults ({@code log.*}) and a
 * few other keys may be changed dynamically; they apply without a restart.
 *
 * <p>Thread-safe: reads the current image through a supplier.
 */
public final class BrokerConfigCatalog {

    /** Keys that may be changed while the broker runs (besides every topic default). */
    private static final Set<String> EXTRA_DYNAMIC = Set.of(
            "log.retention.hours",
            "log.retention.minutes",
            "log.roll.hours",
            BrokerConfig.MAX_CONNECTIONS,
            BrokerConfig.AUTO_CREATE_TOPICS_ENABLE);

    private final BrokerConfig staticConfig;
    private final Supplier<MetadataImage> image;
    private final String nodeName;
    private final Set<String> dynamicKeys = new TreeSet<>();

    public BrokerConfigCatalog(BrokerConfig staticConfig, Supplier<MetadataImage> image) {
        this.staticConfig = staticConfig;
        this.image = image;
        this.nodeName = Integer.toString(staticConfig.nodeId());
        dynamicKeys.addAll(BrokerConfig.topicDefaultKeys().keySet());
        dynamicKeys.addAll(EXTRA_DYNAMIC);
        dynamicKeys.remove(BrokerConfig.MAX_CONNECTIONS);
    }

    public MetadataImage image() {
        return image.get();
    }

    public ConfigDef definition() {
        return BrokerConfig.DEFINITION;
    }

    public String nodeName() {
        return nodeName;
    }

    public boolean isDynamic(String key) {
        return dynamicKeys.contains(key);
    }

    /** The effective value of a broker key, as a string. */
    public String value(String key) {
        return entry(key, image.get()).value();
    }

    public long longValue(String key) {
        return Long.parseLong(value(key));
    }

    public boolean booleanValue(String key) {
        return Boolean.parseBoolean(value(key));
    }

    /** DescribeConfigs entry for a broker key, with synonyms in precedence order. */
    public ConfigEntry entry(String key, MetadataImage image) {
        ConfigKey def = BrokerConfig.DEFINITION
                .key(key)
                .orElseThrow(() -> new ConfigException(key, null, "Unknown broker config"));
        List<ConfigEntry.Synonym> synonyms = new ArrayList<>();
        String perBroker = image.configs("broker", nodeName).get(key);
        if (perBroker != null) {
            synonyms.add(new ConfigEntry.Synonym(key, perBroker, ConfigSource.DYNAMIC_BROKER_CONFIG));
        }
        String clusterDefault = image.configs("broker", "").get(key);
        if (clusterDefault != null) {
            synonyms.add(new ConfigEntry.Synonym(key, clusterDefault, ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG));
        }
        if (!staticConfig.isDefault(key)) {
            synonyms.add(new ConfigEntry.Synonym(
                    key, TopicConfigCatalog.format(staticConfig.get(key)), ConfigSource.STATIC_BROKER_CONFIG));
        }
        synonyms.add(new ConfigEntry.Synonym(
                key, TopicConfigCatalog.format(def.defaultValue()), ConfigSource.DEFAULT_CONFIG));
        ConfigEntry.Synonym effective = synonyms.get(0);
        boolean sensitive = def.type() == ConfigType.PASSWORD;
        return new ConfigEntry(
                key,
                sensitive ? null : effective.value(),
                effective.source(),
                !isDynamic(key),
                sensitive,
                def.type(),
                def.documentation(),
                List.copyOf(synonyms));
    }

    /** Every broker key's entry, in declaration order. */
    public List<ConfigEntry> describe() {
        MetadataImage current = image.get();
        List<ConfigEntry> entries = new ArrayList<>();
        for (String key : BrokerConfig.DEFINITION.keys().keySet()) {
            entries.add(entry(key, current));
        }
        return entries;
    }

    /** The dynamic cluster-wide defaults (resource ""), each as its own source. */
    public List<ConfigEntry> describeClusterDefaults() {
        MetadataImage current = image.get();
        List<ConfigEntry> entries = new ArrayList<>();
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(current.configs("broker", "")).entrySet()) {
            ConfigKey def = BrokerConfig.DEFINITION.key(e.getKey()).orElse(null);
            if (def == null) {
                continue;
            }
            boolean sensitive = def.type() == ConfigType.PASSWORD;
            entries.add(new ConfigEntry(
                    e.getKey(),
                    sensitive ? null : e.getValue(),
                    ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG,
                    false,
                    sensitive,
                    def.type(),
                    def.documentation(),
                    List.of(new ConfigEntry.Synonym(
                            e.getKey(), e.getValue(), ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG))));
        }
        return entries;
    }

    /** Checks dynamic overrides: known, dynamic, and valid for the key's type. */
    public void validateDynamic(Map<String, String> overrides) {
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            if (BrokerConfig.DEFINITION.key(e.getKey()).isEmpty()) {
                throw new ConfigException(e.getKey(), e.getValue(), "Unknown broker config");
            }
            if (!isDynamic(e.getKey())) {
                throw new ConfigException(
                        e.getKey(),
                        e.getValue(),
                        "Cannot update this broker config dynamically; set it in" + " server.properties and restart");
            }
            BrokerConfig.DEFINITION.parseValue(e.getKey(), e.getValue());
        }
    }

    /** Kafka's precedence for retention: ms, else minutes, else hours, each resolved dynamically. */
    long retentionMs(MetadataImage image) {
        String ms = explicit("log.retention.ms", image);
        if (ms != null) {
            return Long.parseLong(ms);
        }
        String minutes = explicit("log.retention.minutes", image);
        if (minutes != null) {
            return 60_000L * Long.parseLong(minutes);
        }
        return 3_600_000L * Long.parseLong(entry("log.retention.hours", image).value());
    }

    long rollMs(MetadataImage image) {
        String ms = explicit("log.roll.ms", image);
        return ms != null
                ? Long.parseLong(ms)
                : 3_600_000L * Long.parseLong(entry("log.roll.hours", image).value());
    }

    /** A value set somewhere other than the built-in default, or null. */
    private String explicit(String key, MetadataImage image) {
        ConfigEntry e = entry(key, image);
        return e.source() == ConfigSource.DEFAULT_CONFIG ? null : e.value();
    }
}
