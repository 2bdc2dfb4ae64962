package io.runnel.common.config;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Parsed, validated configuration values with typed getters. Immutable and thread-safe; a changed configuration
 * is a new {@code Config}.
 */
public class Config {

    private final ConfigDef definition;
    private final Map<String, ?> originals;
    private final Map<String, Object> values;

    public Config(ConfigDef definition, Map<String, ?> originals, boolean strict) {
        this.definition = definition;
        this.originals = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(originals));
        this.values = Collections.unmodifiableMap(definition.parse(originals, strict));
    }

    public ConfigDef definition() {
        return definition;
    }

    /** The raw values given, before defaults were applied. */
    public Map<String, ?> originals() {
        return originals;
    }

    /** Every declared key with its effective value. */
    public Map<String, Object> values() {
        return values;
    }

    public Object get(String name) {
        if (!values.containsKey(name)) {
            throw new ConfigException("Unknown configuration '" + name + "'");
        }
        return values.get(name);
    }

    public boolean isDefault(String name) {
        return !originals.containsKey(name);
    }

    public int getInt(String name) {
        return (Integer) get(name);
    }

    public short getShort(String name) {
        return (Short) get(name);
    }

    public long getLong(String name) {
        return (Long) get(name);
    }

    public double getDouble(String name) {
        return (Double) get(name);
    }

    public boolean getBoolean(String name) {
        return (Boolean) get(name);
    }

    public String getString(String name) {
        return (String) get(name);
    }

    @SuppressWarnings("unchecked")
    public List<String> getList(String name) {
        return (List<String>) get(name);
    }
}
