package io.runnel.bench;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The summary line of Kafka's ProducerPerformance: {@code N records sent, R records/sec (M MB/sec), A ms avg latency,
 * X ms max latency, P ms 50th, P ms 95th, P ms 99th, P ms 99.9th.} With {@code --warmup-records} the tool prints a
 * second line for the steady state ({@code N steady state records sent, …}), which is preferred. MB is MiB, as the
 * tool counts it. Latency is the producer's, from send() to the acknowledgement. Immutable.
 */
record ProducerPerformanceResult(
        long records, double recordsPerSec, double mbPerSec, double avgMs, double p50Ms, double p99Ms, double p999Ms) {

    private static final Pattern SUMMARY = Pattern.compile(
            "^(\\d+)( steady state)? records sent, ([\\d.]+) records/sec"
                    + " \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency, ([\\d.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms"
                    + " 95th, (\\d+) ms 99th, (\\d+) ms 99.9th\\.",
            Pattern.MULTILINE);

    static Optional<ProducerPerformanceResult> parse(ToolRun run) {
        Matcher matcher = SUMMARY.matcher(run.output());
        ProducerPerformanceResult chosen = null;
        while (matcher.find()) {
            ProducerPerformanceResult result = new ProducerPerformanceResult(
                    Long.parseLong(matcher.group(1)),
                    Double.parseDouble(matcher.group(3)),
                    Double.parseDouble(matcher.group(4)),
                    Double.parseDouble(matcher.group(5)),
                    Double.parseDouble(matcher.group(7)),
                    Double.parseDouble(matcher.group(9)),
                    Double.parseDouble(matcher.group(10)));
            if (chosen == null || matcher.group(2) != null) {
                chosen = result;
            }
        }
        return Optional.ofNullable(chosen);
    }
}
