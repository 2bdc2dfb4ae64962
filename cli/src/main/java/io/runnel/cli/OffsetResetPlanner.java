package io.runnel.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Works out the new committed offsets of one group for {@code consumer-groups --reset-offsets}, with Kafka's rules:
 * an offset asked for outside a log is moved to its start or end (with a warning), a shift needs a committed offset
 * to shift from, and a time after the last record falls back to the end of the log (with a warning). It only
 * computes; the caller commits the plan under {@code --execute}.
 *
 * <p>Stateless apart from its collaborators; not thread-safe.
 */
final class OffsetResetPlanner {

    static final Comparator<TopicPartition> ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private final LogOffsets logs;
    private final Consumer<String> warnings;

    OffsetResetPlanner(LogOffsets logs, Consumer<String> warnings) {
        this.logs = logs;
        this.warnings = warnings;
    }

    /** The new offset of every partition in {@code partitions}, in topic and partition order. */
    Map<TopicPartition, Long> plan(
            String group,
            ResetScenario scenario,
            Collection<TopicPartition> partitions,
            Map<TopicPartition, Long> committed) {
        Map<TopicPartition, Long> result = new TreeMap<>(ORDER);
        if (scenario instanceof ResetScenario.ToEarliest) {
            result.putAll(required(logs.earliest(partitions), partitions, "starting"));
        } else if (scenario instanceof ResetScenario.ToLatest) {
            result.putAll(required(logs.latest(partitions), partitions, "ending"));
        } else if (scenario instanceof ResetScenario.ToCurrent) {
            List<TopicPartition> without = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                if (committed.containsKey(tp)) {
                    result.put(tp, committed.get(tp));
                } else {
                    without.add(tp);
                }
            }
            if (!without.isEmpty()) {
                result.putAll(required(logs.latest(without), without, "ending"));
            }
        } else if (scenario instanceof ResetScenario.ToOffset o) {
            Map<TopicPartition, Long> requested = new TreeMap<>(ORDER);
            partitions.forEach(tp -> requested.put(tp, o.offset()));
            result.putAll(withinLogs(requested));
        } else if (scenario instanceof ResetScenario.ShiftBy s) {
            Map<TopicPartition, Long> requested = new TreeMap<>(ORDER);
            for (TopicPartition tp : partitions) {
                Long current = committed.get(tp);
                if (current == null) {
                    throw new CommandFailedException(
                            "Cannot shift offset for partition " + tp + " since there is no current committed offset");
                }
                requested.put(tp, current + s.delta());
            }
            result.putAll(withinLogs(requested));
        } else if (scenario instanceof ResetScenario.ToTimestamp t) {
            Map<TopicPartition, Long> found = logs.forTimestamp(partitions, t.timestampMs());
            List<TopicPartition> fallBack = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                Long offset = found.get(tp);
                if (offset != null && offset >= 0) {
                    result.put(tp, offset);
                } else {
                    warnings.accept("Warn: Partition " + tp.partition() + " from topic " + tp.topic()
                            + " is empty. Falling back to latest known offset.");
                    fallBack.add(tp);
                }
            }
            if (!fallBack.isEmpty()) {
                result.putAll(required(logs.latest(fallBack), fallBack, "ending"));
            }
        } else if (scenario instanceof ResetScenario.FromFile f) {
            Map<TopicPartition, Long> forGroup = f.plan().get(group);
            if (forGroup == null) {
                throw new CommandFailedException("No reset plan for group " + group + " found.");
            }
            result.putAll(withinLogs(forGroup));
        } else {
            throw new IllegalArgumentException("unknown scenario " + scenario);
        }
        return result;
    }

    private Map<TopicPartition, Long> required(
            Map<TopicPartition, Long> offsets, Collection<TopicPartition> partitions, String which) {
        for (TopicPartition tp : partitions) {
            if (!offsets.containsKey(tp)) {
                throw new CommandFailedException("Error getting " + which + " offset of topic partition: " + tp);
            }
        }
        return offsets;
    }

    private Map<TopicPartition, Long> withinLogs(Map<TopicPartition, Long> requested) {
        if (requested.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, Long> starts = required(logs.earliest(requested.keySet()), requested.keySet(), "starting");
        Map<TopicPartition, Long> ends = required(logs.latest(requested.keySet()), requested.keySet(), "ending");
        Map<TopicPartition, Long> result = new TreeMap<>(ORDER);
        requested.forEach((tp, offset) -> {
            long start = starts.get(tp);
            long end = ends.get(tp);
            if (offset > end) {
                warnings.accept("WARN: New offset (" + offset + ") is higher than latest offset for topic partition "
                        + tp + ". Value will be set to " + end + ".");
                result.put(tp, end);
            } else if (offset < start) {
                warnings.accept("WARN: New offset (" + offset + ") is lower than earliest offset for topic partition "
                        + tp + ". Value will be set to " + start + ".");
                result.put(tp, start);
            } else {
                result.put(tp, offset);
            }
        });
        return result;
    }
}
