package io.runnel.cli;

import io.runnel.common.time.Time;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Where {@code consumer-groups --reset-offsets} moves a group's committed offsets: one of Kafka's scenarios. {@code
 * --to-datetime} and {@code --by-duration} both become a {@link ToTimestamp} when parsed.
 *
 * <p>Immutable.
 */
sealed interface ResetScenario {

    /** {@code --to-earliest}: the start of each log. */
    record ToEarliest() implements ResetScenario {}

    /** {@code --to-latest}: the end of each log. */
    record ToLatest() implements ResetScenario {}

    /** {@code --to-current}: the committed offset, or the end of the log where there is none. */
    record ToCurrent() implements ResetScenario {}

    /** {@code --to-offset N}, kept within the log. */
    record ToOffset(long offset) implements ResetScenario {}

    /** {@code --shift-by N} from the committed offset, kept within the log. */
    record ShiftBy(long delta) implements ResetScenario {}

    /** The first record at or after a time; the end of the log if there is none. */
    record ToTimestamp(long timestampMs) implements ResetScenario {}

    /** {@code --from-file}: offsets per group and partition, kept within the log. */
    record FromFile(Map<String, Map<TopicPartition, Long>> plan) implements ResetScenario {}

    /**
     * {@code --to-datetime}: ISO-8601 {@code yyyy-MM-ddTHH:mm:ss[.SSS]} with an optional zone ({@code Z}, {@code
     * +02:00}); without a zone the time is UTC, as in Kafka's tool.
     */
    static ToTimestamp toDatetime(String text) {
        String t = text.trim();
        try {
            return new ToTimestamp(OffsetDateTime.parse(t).toInstant().toEpochMilli());
        } catch (DateTimeParseException withoutZone) {
            try {
                return new ToTimestamp(
                        LocalDateTime.parse(t).toInstant(ZoneOffset.UTC).toEpochMilli());
            } catch (DateTimeException e) {
                throw new UsageException("Error parsing timestamp '" + text
                        + "': expected ISO-8601 'yyyy-MM-ddTHH:mm:ss.SSS', optionally with a zone such as 'Z' or"
                        + " '+02:00'");
            }
        }
    }

    /** {@code --by-duration}: ISO-8601 {@code PnDTnHnMnS}, counted back from now. */
    static ToTimestamp byDuration(String text, Time time) {
        Duration d;
        try {
            d = Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new UsageException("Error parsing duration '" + text + "': expected ISO-8601 'PnDTnHnMnS'");
        }
        if (d.isNegative()) {
            throw new UsageException("--by-duration must not be negative: " + text);
        }
        return new ToTimestamp(time.milliseconds() - d.toMillis());
    }
}
