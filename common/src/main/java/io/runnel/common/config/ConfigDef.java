package io.runnel.common.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The set of keys a component accepts, each declared once with type, default, validator and documentation.
 * Parsing turns raw properties into typed values and fails with a {@link ConfigException} naming the key for an
 * unknown key (when asked), a value of the wrong type, a value a validator rejects, or a missing required key.
 *
 * <p>Definitions are built once at start-up and then only read; reading is thread-safe, defining is not.
 */
public final class ConfigDef {

    /** Marks a key that has no default and so must be given. */
    public static final Object NO_DEFAULT = new Object() {
        @Override
        public String toString() {
            return "<required>";
        }
    };

    private final Map<String, ConfigKey> keys = new LinkedHashMap<>();

    public ConfigDef define(
            String name, ConfigType type, Object defaultValue, ConfigValidator validator, String documentation) {
        if (keys.containsKey(name)) {
            throw new IllegalArgumentException("Configuration " + name + " is defined twice.");
        }
        Object parsedDefault = defaultValue == NO_DEFAULT ? NO_DEFAULT : type.parse(name, defaultValue);
        if (validator != null && parsedDefault != NO_DEFAULT && parsedDefault != null) {
            validator.ensureValid(name, parsedDefault);
        }
        keys.put(name, new ConfigKey(name, type, parsedDefault, validator, documentation));
        return this;
    }

    public ConfigDef define(String name, ConfigType type, Object defaultValue, String documentation) {
        return define(name, type, defaultValue, null, documentation);
    }

    /** Adds every key of another definition. */
    public ConfigDef withAll(ConfigDef other) {
        for (ConfigKey key : other.keys.values()) {
            if (keys.containsKey(key.name())) {
                throw new IllegalArgumentException("Configuration " + key.name() + " is defined twice.");
            }
            keys.put(key.name(), key);
        }
        return this;
    }

    public Optional<ConfigKey> key(String name) {
        return Optional.ofNullable(keys.get(name));
    }

    public Map<String, ConfigKey> keys() {
        return Collections.unmodifiableMap(keys);
    }

    /** Parses and validates one value for a declared key. */
    public Object parseValue(String name, Object raw) {
        ConfigKey key = keys.get(name);
        if (key == null) {
            throw new ConfigException(name, raw, "Unknown configuration");
        }
        Object value = key.type().parse(name, raw);
        if (key.validator() != null) {
            key.validator().ensureValid(name, value);
        }
        return value;
    }

    /**
     * Parses every declared key, using defaults for absent ones.
     *
     * @param strict when true, a key that is not declared is an error; otherwise it is ignored
     * @return the typed values of every declared key, in declaration order
     */
    public Map<String, Object> parse(Map<String, ?> props, boolean strict) {
        if (strict) {
            List<String> unknown = new ArrayList<>(new TreeSet<>(props.keySet()));
            unknown.removeAll(keys.keySet());
            if (!unknown.isEmpty()) {
                throw new ConfigException(unknown.get(0), props.get(unknown.get(0)), "Unknown configuration");
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (ConfigKey key : keys.values()) {
            if (props.containsKey(key.name())) {
                values.put(key.name(), parseValue(key.name(), props.get(key.name())));
            } else if (key.hasDefault()) {
                values.put(key.name(), key.defaultValue());
            } else {
                throw new ConfigException(
                        "Missing required configuration \"" + key.name() + "\" which has no default value.");
            }
        }
        return values;
    }
}
