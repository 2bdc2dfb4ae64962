package io.runnel.common.config;

/**
 * One declared configuration key: its name, type, default (or {@link ConfigDef#NO_DEFAULT}), validator (or
 * null) and documentation. Immutable.
 */
public record ConfigKey(
        String name, ConfigType type, Object defaultValue, ConfigValidator validator, String documentation) {

    public boolean hasDefault() {
        return defaultValue != ConfigDef.NO_DEFAULT;
    }
}
