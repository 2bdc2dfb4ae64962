package io.runnel.cli;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code --topic} argument of {@code topics --list/--describe/--alter/--delete}, as Kafka reads it: a Java
 * regular expression that must match the whole topic name, in which a comma means "or" ({@code a,b} is {@code
 * a|b}), spaces are ignored and surrounding quotes are stripped. A plain name therefore matches only itself,
 * except that {@code .} matches any character, as in Kafka (escape it as {@code \.}).
 *
 * <p>Immutable.
 */
final class TopicFilter {

    private final String raw;
    private final Pattern pattern;

    private TopicFilter(String raw, Pattern pattern) {
        this.raw = raw;
        this.pattern = pattern;
    }

    static TopicFilter of(String raw) {
        String regex = raw.trim()
                .replace(',', '|')
                .replace(" ", "")
                .replaceAll("^[\"']+", "")
                .replaceAll("[\"']+$", "");
        try {
            return new TopicFilter(raw, Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            throw new UsageException("--topic '" + raw + "' is not a valid regular expression: " + e.getDescription());
        }
    }

    boolean matches(String topic) {
        return pattern.matcher(topic).matches();
    }

    @Override
    public String toString() {
        return raw;
    }
}
