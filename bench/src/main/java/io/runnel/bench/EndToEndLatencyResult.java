package io.runnel.bench;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Kafka's EndToEndLatency prints after its loop: {@code Avg latency: A ms} and {@code Percentiles: 50th = P,
 * 99th = P, 99.9th = P} (whole milliseconds, truncated). Each record is sent, acknowledged and polled before the next
 * is sent. Immutable.
 */
record EndToEndLatencyResult(double avgMs, double p50Ms, double p99Ms, double p999Ms) {

    private static final Pattern AVG = Pattern.compile("^Avg latency: ([\\d.]+) ms", Pattern.MULTILINE);
    private static final Pattern PERCENTILES =
            Pattern.compile("^Percentiles: 50th = (\\d+), 99th = (\\d+), 99.9th = (\\d+)", Pattern.MULTILINE);

    static Optional<EndToEndLatencyResult> parse(ToolRun run) {
        Matcher avg = AVG.matcher(run.output());
        Matcher percentiles = PERCENTILES.matcher(run.output());
        if (!avg.find() || !percentiles.find()) {
            return Optional.empty();
        }
        return Optional.of(new EndToEndLatencyResult(
                Double.parseDouble(avg.group(1)),
                Double.parseDouble(percentiles.group(1)),
                Double.parseDouble(percentiles.group(2)),
                Double.parseDouble(percentiles.group(3))));
    }
}
