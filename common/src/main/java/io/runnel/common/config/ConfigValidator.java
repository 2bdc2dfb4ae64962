package io.runnel.common.config;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** A rule a parsed configuration value must satisfy. Validators are stateless and thread-safe. */
@FunctionalInterface
public interface ConfigValidator {

    /** Throws {@link ConfigException} naming {@code name} when {@code value} breaks the rule. */
    void ensureValid(String name, Object value);

    /** A number at least {@code min}. */
    static ConfigValidator atLeast(Number min) {
        return between(min, null);
    }

    /** A number in {@code [min, max]}; either bound may be null. */
    static ConfigValidator between(Number min, Number max) {
        return new ConfigValidator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null) {
                    throw new ConfigException(name, null, "Value must be non-null");
                }
                double n = ((Number) value).doubleValue();
                if (min != null && n < min.doubleValue()) {
                    throw new ConfigException(name, value, "Value must be at least " + min);
                }
                if (max != null && n > max.doubleValue()) {
                    throw new ConfigException(name, value, "Value must be no more than " + max);
                }
            }

            @Override
            public String toString() {
                if (max == null) {
                    return "[" + min + ",...]";
                }
                return min == null ? "[...," + max + "]" : "[" + min + ",...," + max + "]";
            }
        };
    }

    /** One of the given strings, compared case-insensitively. */
    static ConfigValidator in(String... allowed) {
        Set<String> lower = new TreeSet<>();
        for (String a : allowed) {
            lower.add(a.toLowerCase(Locale.ROOT));
        }
        return new ConfigValidator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null || !lower.contains(value.toString().toLowerCase(Locale.ROOT))) {
                    throw new ConfigException(name, value, "String must be one of: " + String.join(", ", allowed));
                }
            }

            @Override
            public String toString() {
                return lower.toString();
            }
        };
    }

    /** A list each of whose items is one of the given strings; with {@code nonEmpty}, at least one item. */
    static ConfigValidator listOf(boolean nonEmpty, String... allowed) {
        Set<String> set = Set.of(allowed);
        return new ConfigValidator() {
            @Override
            public void ensureValid(String name, Object value) {
                Collection<?> items = (List<?>) value;
                if (nonEmpty && (items == null || items.isEmpty())) {
                    throw new ConfigException(name, value, "Empty list not allowed");
                }
                if (items != null && allowed.length > 0) {
                    for (Object item : items) {
                        if (!set.contains(item.toString())) {
                            throw new ConfigException(name, value, "Item " + item + " is not one of " + set);
                        }
                    }
                }
            }

            @Override
            public String toString() {
                return set.toString();
            }
        };
    }

    /** A non-null, non-blank string. */
    static ConfigValidator nonEmptyString() {
        return (name, value) -> {
            if (value == null || value.toString().isBlank()) {
                throw new ConfigException(name, value, "String must be non-empty");
            }
        };
    }
}
