package io.runnel.broker.config;

import io.runnel.common.config.ConfigType;
import java.util.List;

/**
 * One effective configuration value as DescribeConfigs reports it: value (null when sensitive), where it comes
 * from, and the synonyms that could have set it in precedence order (the first is the effective one). Immutable.
 */
public record ConfigEntry(
        String name,
        String value,
        ConfigSource source,
        boolean readOnly,
        boolean sensitive,
        ConfigType type,
        String documentation,
        List<Synonym> synonyms) {

    /** A key that sets the same value at a different level, e.g. {@code log.retention.ms} for {@code retention.ms}. */
    public record Synonym(String name, String value, ConfigSource source) {}
}
