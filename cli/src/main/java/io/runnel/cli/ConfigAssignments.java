package io.runnel.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code --add-config} argument of {@code configs}, in Kafka's syntax: {@code k1=v1,k2=[a,b,c],k3=} — pairs
 * separated by commas, a value that itself contains commas grouped in square brackets (the brackets are dropped, so
 * {@code k2} gets {@code a,b,c}), keys and values trimmed, an empty value allowed. A pair is split at its first
 * {@code =} outside brackets. Keys may contain only letters, digits, {@code .}, {@code _} and {@code -}.
 *
 * <p>Stateless.
 */
final class ConfigAssignments {

    private ConfigAssignments() {}

    static Map<String, String> parse(String text) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String pair : splitOutsideBrackets(text, ',')) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = indexOutsideBrackets(pair, '=');
            if (eq < 0) {
                throw new UsageException(
                        "Invalid entity config: all configs to be added must be in the format \"key=val\": '" + pair
                                + "'");
            }
            String key = pair.substring(0, eq).trim();
            String value =
                    pair.substring(eq + 1).replace("[", "").replace("]", "").trim();
            if (key.isEmpty() || !key.matches("[a-zA-Z0-9._-]+")) {
                throw new UsageException("Invalid character found for config key: '" + key + "'");
            }
            result.put(key, value);
        }
        return result;
    }

    /** Config names for {@code --delete-config k1,k2}: comma-separated, trimmed, empty entries dropped. */
    static List<String> names(List<String> args) {
        List<String> result = new ArrayList<>();
        for (String arg : args) {
            for (String name : arg.split(",")) {
                if (!name.isBlank()) {
                    result.add(name.trim());
                }
            }
        }
        return result;
    }

    private static List<String> splitOutsideBrackets(String text, char separator) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth = Math.max(0, depth - 1);
            } else if (c == separator && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static int indexOutsideBrackets(String text, char c) {
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '[') {
                depth++;
            } else if (ch == ']') {
                depth = Math.max(0, depth - 1);
            } else if (ch == c && depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
