package io.runnel.broker.config;

import io.runnel.common.config.ConfigDef;
import io.runnel.common.config.ConfigException;
import io.runnel.common.config.ConfigKey;
import io.runnel.metadata.MetadataImage;
import io.runnel.metadata.TopicConfigValidator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves topic configuration: validates overrides against {@link TopicConfigDef} and computes effective values
 * with their sources, in Kafka's precedence: the topic override, else the broker's {@code log.*} setting (a
 * dynamic per-broker override, a dynamic cluster default, the server's configuration), else Kafka's default.
 * Dynamic broker settings come from the current metadata image, so a change applies to every topic at once.
 *
 * <p>Thread-safe.
 */
public final class TopicConfigCatalog implements TopicConfigValidator {

    private final ConfigDef definition = TopicConfigDef.DEFINITION;
    private final BrokerConfigCatalog broker;
    /** topic key → broker key that sets its default. */
    private final Map<String, String> brokerSynonyms = new LinkedHashMap<>();

    public TopicConfigCatalog(BrokerConfigCatalog broker) {
        this.broker = broker;
        BrokerConfig.topicDefaultKeys().forEach((brokerKey, topicKey) -> brokerSynonyms.put(topicKey, brokerKey));
    }

    public ConfigDef definition() {
        return definition;
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
        return effective(overrides, broker.image());
    }

    public Map<String, String> effective(Map<String, String> overrides, MetadataImage image) {
        Map<String, String> values = new LinkedHashMap<>();
        for (ConfigEntry e : describe(overrides, image)) {
            values.put(e.name(), e.value());
        }
        return values;
    }

    /** DescribeConfigs entries for a topic with these overrides, in declaration order. */
    public List<ConfigEntry> describe(Map<String, String> overrides) {
        return describe(overrides, broker.image());
    }

    public List<ConfigEntry> describe(Map<String, String> overrides, MetadataImage image) {
        List<ConfigEntry> entries = new ArrayList<>();
        for (ConfigKey key : definition.keys().values()) {
            String name = key.name();
            List<ConfigEntry.Synonym> synonyms = new ArrayList<>();
            if (overrides.containsKey(name)) {
                synonyms.add(new ConfigEntry.Synonym(name, overrides.get(name), ConfigSource.TOPIC_CONFIG));
            }
            String brokerKey = brokerSynonyms.get(name);
            if (brokerKey != null) {
                for (ConfigEntry.Synonym s : broker.entry(brokerKey, image).synonyms()) {
                    synonyms.add(s);
                }
                if (name.equals("retention.ms") || name.equals("segment.ms")) {
                    // Kafka derives these from the hours/minutes forms too; the broker resolves them.
                    synonyms.removeIf(s -> s.source() == ConfigSource.DEFAULT_CONFIG);
                    synonyms.add(new ConfigEntry.Synonym(
                            brokerKey,
                            name.equals("retention.ms")
                                    ? Long.toString(broker.retentionMs(image))
                                    : Long.toString(broker.rollMs(image)),
                            ConfigSource.DEFAULT_CONFIG));
                }
            } else {
                synonyms.add(new ConfigEntry.Synonym(name, format(key.defaultValue()), ConfigSource.DEFAULT_CONFIG));
            }
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

    static String format(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof List<?> list) {
            return String.join(",", list.stream().map(Object::toString).toList());
        }
        return v.toString();
    }
}
