package io.runnel.common.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The value types a configuration key can have, with Kafka's parsing rules for their string forms. */
public enum ConfigType {
    BOOLEAN,
    STRING,
    INT,
    SHORT,
    LONG,
    DOUBLE,
    /** Comma-separated values, whitespace around each trimmed; the empty string is the empty list. */
    LIST,
    /** A string that is never printed. */
    PASSWORD;

    /** Converts a raw value (a string from a file or command line, or an already typed value) to this type. */
    public Object parse(String name, Object value) {
        if (value == null) {
            return null;
        }
        String trimmed = value instanceof String ? ((String) value).trim() : null;
        try {
            switch (this) {
                case BOOLEAN:
                    if (value instanceof Boolean) {
                        return value;
                    }
                    if (trimmed != null && trimmed.equalsIgnoreCase("true")) {
                        return true;
                    }
                    if (trimmed != null && trimmed.equalsIgnoreCase("false")) {
                        return false;
                    }
                    throw new ConfigException(name, value, "Expected value to be either true or false");
                case STRING:
                case PASSWORD:
                    if (value instanceof String) {
                        return trimmed;
                    }
                    throw new ConfigException(name, value, "Expected value to be a string");
                case INT:
                    if (value instanceof Integer) {
                        return value;
                    }
                    if (trimmed != null) {
                        return Integer.parseInt(trimmed);
                    }
                    throw new ConfigException(name, value, "Expected value to be a 32-bit integer");
                case SHORT:
                    if (value instanceof Short) {
                        return value;
                    }
                    if (trimmed != null) {
                        return Short.parseShort(trimmed);
                    }
                    throw new ConfigException(name, value, "Expected value to be a 16-bit integer");
                case LONG:
                    if (value instanceof Long || value instanceof Integer) {
                        return ((Number) value).longValue();
                    }
                    if (trimmed != null) {
                        return Long.parseLong(trimmed);
                    }
                    throw new ConfigException(name, value, "Expected value to be a 64-bit integer");
                case DOUBLE:
                    if (value instanceof Number) {
                        return ((Number) value).doubleValue();
                    }
                    if (trimmed != null) {
                        return Double.parseDouble(trimmed);
                    }
                    throw new ConfigException(name, value, "Expected value to be a double");
                case LIST:
                    if (value instanceof List) {
                        return List.copyOf((List<?>) value);
                    }
                    if (trimmed != null) {
                        if (trimmed.isEmpty()) {
                            return List.of();
                        }
                        List<String> items = new ArrayList<>();
                        for (String item : Arrays.asList(trimmed.split("\\s*,\\s*", -1))) {
                            items.add(item.trim());
                        }
                        return List.copyOf(items);
                    }
                    throw new ConfigException(name, value, "Expected a comma separated list");
                default:
                    throw new IllegalStateException("unknown type " + this);
            }
        } catch (NumberFormatException e) {
            throw new ConfigException(
                    name, value, "Not a number of type " + this.name().toLowerCase(Locale.ROOT));
        }
    }
}
