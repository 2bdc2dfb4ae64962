package io.runnel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetResetPlannerTest {

    private static final TopicPartition T0 = new TopicPartition("t", 0);
    private static final TopicPartition T1 = new TopicPartition("t", 1);
    private static final TopicPartition U0 = new TopicPartition("u", 0);

    /** Logs t-0: offsets 10..20 with timestamps 1000 + 100 * (offset - 10); t-1: 0..5; u-0: empty at 7. */
    private static class FakeLogs implements LogOffsets {
        final Map<TopicPartition, long[]> ranges =
                Map.of(T0, new long[] {10, 20}, T1, new long[] {0, 5}, U0, new long[] {7, 7});

        @Override
        public Map<TopicPartition, Long> earliest(Collection<TopicPartition> partitions) {
            Map<TopicPartition, Long> m = new HashMap<>();
            partitions.forEach(tp -> m.put(tp, ranges.get(tp)[0]));
            return m;
        }

        @Override
        public Map<TopicPartition, Long> latest(Collection<TopicPartition> partitions) {
            Map<TopicPartition, Long> m = new HashMap<>();
            partitions.forEach(tp -> m.put(tp, ranges.get(tp)[1]));
            return m;
        }

        @Override
        public Map<TopicPartition, Long> forTimestamp(Collection<TopicPartition> partitions, long timestamp) {
            Map<TopicPartition, Long> m = new HashMap<>();
            for (TopicPartition tp : partitions) {
                long[] r = ranges.get(tp);
                long found = -1;
                for (long o = r[0]; o < r[1]; o++) {
                    if (1000 + 100 * (o - r[0]) >= timestamp) {
                        found = o;
                        break;
                    }
                }
                m.put(tp, found);
            }
            return m;
        }
    }

    private final List<String> warnings = new ArrayList<>();
    private final OffsetResetPlanner planner = new OffsetResetPlanner(new FakeLogs(), warnings::add);

    @Test
    void earliestAndLatestComeFromTheLogs() {
        assertThat(planner.plan("g", new ResetScenario.ToEarliest(), List.of(T1, T0), Map.of()))
                .containsExactly(Map.entry(T0, 10L), Map.entry(T1, 0L));
        assertThat(planner.plan("g", new ResetScenario.ToLatest(), List.of(T0, T1), Map.of()))
                .containsExactly(Map.entry(T0, 20L), Map.entry(T1, 5L));
        assertThat(warnings).isEmpty();
    }

    @Test
    void toOffsetIsKeptWithinEachLogWithAWarning() {
        assertThat(planner.plan("g", new ResetScenario.ToOffset(12), List.of(T0, T1), Map.of()))
                .containsExactly(Map.entry(T0, 12L), Map.entry(T1, 5L));
        assertThat(warnings)
                .containsExactly("WARN: New offset (12) is higher than latest offset for topic partition t-1. Value"
                        + " will be set to 5.");
        warnings.clear();
        assertThat(planner.plan("g", new ResetScenario.ToOffset(3), List.of(T0), Map.of()))
                .containsExactly(Map.entry(T0, 10L));
        assertThat(warnings).singleElement().asString().contains("lower than earliest offset");
    }

    @Test
    void shiftByMovesFromTheCommittedOffsetAndNeedsOne() {
        assertThat(planner.plan("g", new ResetScenario.ShiftBy(-3), List.of(T0, T1), Map.of(T0, 15L, T1, 2L)))
                .containsExactly(Map.entry(T0, 12L), Map.entry(T1, 0L));
        assertThatThrownBy(() -> planner.plan("g", new ResetScenario.ShiftBy(1), List.of(T0), Map.of()))
                .isInstanceOf(CommandFailedException.class)
                .hasMessage("Cannot shift offset for partition t-0 since there is no current committed offset");
    }

    @Test
    void toCurrentKeepsCommittedOffsetsAndUsesTheEndElsewhere() {
        assertThat(planner.plan("g", new ResetScenario.ToCurrent(), List.of(T0, T1), Map.of(T0, 13L)))
                .containsExactly(Map.entry(T0, 13L), Map.entry(T1, 5L));
    }

    @Test
    void aTimestampFindsTheFirstRecordAtOrAfterItAndFallsBackToTheEnd() {
        assertThat(planner.plan("g", new ResetScenario.ToTimestamp(1250), List.of(T0, U0), Map.of()))
                .containsExactly(Map.entry(T0, 13L), Map.entry(U0, 7L));
        assertThat(warnings)
                .containsExactly("Warn: Partition 0 from topic u is empty. Falling back to latest known offset.");
    }

    @Test
    void aPlanFromAFileIsKeptWithinTheLogsAndMustNameTheGroup() {
        ResetScenario.FromFile file = new ResetScenario.FromFile(Map.of("g", Map.of(T0, 11L, T1, 99L)));
        assertThat(planner.plan("g", file, List.of(T0, T1), Map.of()))
                .containsExactly(Map.entry(T0, 11L), Map.entry(T1, 5L));
        assertThatThrownBy(() -> planner.plan("other", file, List.of(), Map.of()))
                .isInstanceOf(CommandFailedException.class)
                .hasMessage("No reset plan for group other found.");
    }

    @Test
    void aPartitionTheBrokerCouldNotAnswerForIsAnError() {
        OffsetResetPlanner blind = new OffsetResetPlanner(
                new FakeLogs() {
                    @Override
                    public Map<TopicPartition, Long> earliest(Collection<TopicPartition> partitions) {
                        return Map.of();
                    }
                },
                warnings::add);
        assertThatThrownBy(() -> blind.plan("g", new ResetScenario.ToEarliest(), List.of(T0), Map.of()))
                .isInstanceOf(CommandFailedException.class)
                .hasMessage("Error getting starting offset of topic partition: t-0");
    }
}
