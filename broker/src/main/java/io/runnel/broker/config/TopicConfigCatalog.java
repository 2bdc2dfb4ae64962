package io.runnel.broker.config;

import io.runnel.broker.metadata.TopicConfigValidator;
import io.runnel.common.config.ConfigDef;
import io.runnel.common.config.ConfigException;
import io.runnel.common.config.ConfigKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves topic configuration: validates overrides against {@link TopicConfigDef} and computes effective values
 * with their sources — topic override, else the broker's {@code log.*} setting (static when the server's
 * configuration set it), else Kafka's default.
 *
 * <p>Immutable and thread-safe; a broker configuration change makes a new catalog.
 */
public final class TopicConfigCatalog implements TopicConfigValidator {

    private final ConfigDef definition;
    private final BrokerConfig broker;
    /** topic key → broker key that sets its default. */
    private final Map<String, String> brokerSynonyms = new LinkedHashMap<>();

    public TopicConfigCatalog(BrokerConfig broker) {
        this.definition = TopicConfigDef.DEFINITION;
        this.broker = broker;
        BrokerConfig.topicDefaultKeys().forEach((brokerKey, topicKey) -> brokerSynonyms.put(topicKey, brokerKey));
    }

    @Override
    public Set<String> names() {
        return definition.keys().keySet();
    }

    @Override
    public void validate(Map<String, String> overrides) {
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            if (definition.key(e.getKey()).isEmpty()) {
                throw new ConfigException(e.getKey(), e.getValue(), "Unknown topic config name");
            }
            if (e.getValue() == null) {
                throw new ConfigException(e.getKey(), null, "Null value not supported for topic configs");
            }
            definition.parseValue(e.getKey(), e.getValue());
        }
    }

    /** The effective value of every topic key, as strings, for a topic with these overrides. */
    public Map<String, String> effective(Map<String, String> overrides) {
        Map<String, String> values = new LinkedHashMap<>();
        for (ConfigEntry e : describe(overrides)) {
            values.put(e.name(), e.value());
        }
        return values;
    }

    /** DescribeConfigs entries for a topic with these overrides, in declaration order. */
    public List<ConfigEntry> describe(Map<String, String> overrides) {
        Map<String, String> brokerDefaults = broker.topicDefaults();
        List<ConfigEntry> entries = new ArrayList<>();
        for (ConfigKey key : definition.keys().values()) {
            String name = key.name();
            List<ConfigEntry.Synonym> synonyms = new ArrayList<>();
            if (overrides.containsKey(name)) {
                synonyms.add(new ConfigEntry.Synonym(name, overrides.get(name), ConfigSource.TOPIC_CONFIG));
            }
            String brokerKey = brokerSynonyms.get(name);
            if (brokerKey != null && !broker.isDefault(brokerKey)) {
                synonyms.add(new ConfigEntry.Synonym(
                        brokerKey, brokerDefaults.get(name), ConfigSource.STATIC_BROKER_CONFIG));
            }
            String defaultValue = brokerDefaults.containsKey(name) ? brokerDefaults.get(name) : format(key);
            synonyms.add(new ConfigEntry.Synonym(
                    brokerKey != null ? brokerKey : name, defaultValue, ConfigSource.DEFAULT_CONFIG));
            ConfigEntry.Synonym effective = synonyms.get(0);
            entries.add(new ConfigEntry(
                    name,
                    effective.value(),
                    effective.source(),
                    false,
                    false,
                    key.type(),
                    key.documentation(),
                    List.copyOf(synonyms)));
        }
        return entries;
    }

    private static String format(ConfigKey key) {
        Object v = key.defaultValue();
        if (v == null) {
            return null;
        }
        if (v instanceof List<?> list) {
            return String.join(",", list.stream().map(Object::toString).toList());
        }
        return v.toString();
    }
}
