package io.runnel.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The outcome of one client run (one of Kafka's perf tools or a probe): exit code, whether it hit the harness's time
 * limit, and everything it printed. Immutable.
 *
 * @param name the run's name, which is also its log file's name
 * @param exitCode the process's exit code, or -1 when it was killed at the time limit
 * @param timedOut whether the harness killed it at the time limit
 * @param output stdout and stderr, interleaved
 * @param seconds how long it ran
 */
record ToolRun(String name, int exitCode, boolean timedOut, String output, double seconds) {

    private static final Pattern KEY_VALUE = Pattern.compile("^([a-z0-9_]+)=(.*)$", Pattern.MULTILINE);

    /** The {@code key=value} lines a probe prints. */
    Map<String, String> keyValues() {
        Map<String, String> values = new LinkedHashMap<>();
        Matcher matcher = KEY_VALUE.matcher(output);
        while (matcher.find()) {
            values.put(matcher.group(1), matcher.group(2).trim());
        }
        return values;
    }

    /** The first line matching the pattern, if any. */
    Optional<Matcher> find(Pattern pattern) {
        Matcher matcher = pattern.matcher(output);
        return matcher.find() ? Optional.of(matcher) : Optional.empty();
    }

    /** A one-line reason for a failed run, for the results' notes. */
    String failure() {
        if (timedOut) {
            return name + " did not finish within the harness's time limit";
        }
        String last = "";
        for (String line : output.split("\n")) {
            String trimmed = line.trim();
            if (!trimmed.isEmpty()
                    && !trimmed.startsWith("at ")
                    && !trimmed.startsWith("...")
                    && !trimmed.startsWith("WARNING: Exiting")
                    && !trimmed.startsWith("Warning:")) {
                last = trimmed;
            }
        }
        String firstError = output.lines()
                .filter(l -> l.contains("Exception") || l.contains("ERROR") || l.startsWith("error="))
                .findFirst()
                .orElse(last);
        return name + " failed (exit " + exitCode + "): " + truncate(firstError.trim(), 220);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
