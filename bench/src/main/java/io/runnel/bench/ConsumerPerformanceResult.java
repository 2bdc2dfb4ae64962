package io.runnel.bench;

import java.text.ParseException;
import java.text.SimpleDateFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The summary line of Kafka's ConsumerPerformance: {@code start.time, end.time, data.consumed.in.MB, MB.sec,
 * data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec}, times in the
 * tool's default format {@code yyyy-MM-dd HH:mm:ss:SSS} (local time zone, shared with the harness). {@code fetch.*}
 * leave out the time spent joining the group. MB is MiB. Immutable.
 */
record ConsumerPerformanceResult(
        long startMs,
        long endMs,
        double mb,
        long records,
        long rebalanceMs,
        long fetchMs,
        double fetchMbPerSec,
        double fetchRecordsPerSec) {

    private static final String DATE = "(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d:\\d{3})";
    private static final String NUM = "(-?[\\d.]+|NaN|Infinity)";
    private static final Pattern SUMMARY = Pattern.compile(
            "^" + DATE + ", " + DATE + ", " + NUM + ", " + NUM + ", (\\d+), " + NUM + ", (-?\\d+), (-?\\d+), " + NUM
                    + ", " + NUM + "\\s*$",
            Pattern.MULTILINE);

    static Optional<ConsumerPerformanceResult> parse(ToolRun run) {
        Matcher matcher = SUMMARY.matcher(run.output());
        if (!matcher.find()) {
            return Optional.empty();
        }
        SimpleDateFormat format = new SimpleDateFormat("yyyy-MM-dd HH:mm:ss:SSS");
        try {
            return Optional.of(new ConsumerPerformanceResult(
                    format.parse(matcher.group(1)).getTime(),
                    format.parse(matcher.group(2)).getTime(),
                    Double.parseDouble(matcher.group(3)),
                    Long.parseLong(matcher.group(5)),
                    Long.parseLong(matcher.group(7)),
                    Long.parseLong(matcher.group(8)),
                    Double.parseDouble(matcher.group(9)),
                    Double.parseDouble(matcher.group(10))));
        } catch (ParseException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
