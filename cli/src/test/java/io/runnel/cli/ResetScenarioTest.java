package io.runnel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.common.time.MockTime;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ResetScenarioTest {

    @Test
    void aDatetimeWithoutZoneIsUtc() {
        assertThat(ResetScenario.toDatetime("1970-01-01T00:00:02.500").timestampMs())
                .isEqualTo(2500);
        assertThat(ResetScenario.toDatetime("2017-08-30T07:44:00").timestampMs())
                .isEqualTo(1504079040000L);
    }

    @Test
    void aDatetimeMayCarryAZone() {
        assertThat(ResetScenario.toDatetime("1970-01-01T00:00:02.000Z").timestampMs())
                .isEqualTo(2000);
        assertThat(ResetScenario.toDatetime("1970-01-01T02:00:00.000+02:00").timestampMs())
                .isZero();
    }

    @Test
    void aMalformedDatetimeIsAUsageError() {
        assertThatThrownBy(() -> ResetScenario.toDatetime("yesterday"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("Error parsing timestamp 'yesterday'");
    }

    @Test
    void aDurationCountsBackFromNow() {
        MockTime time = new MockTime();
        long now = time.milliseconds();
        assertThat(ResetScenario.byDuration("PT1H30M", time).timestampMs()).isEqualTo(now - 5_400_000L);
        assertThat(ResetScenario.byDuration("P2D", time).timestampMs()).isEqualTo(now - 172_800_000L);
        assertThatThrownBy(() -> ResetScenario.byDuration("90 minutes", time)).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> ResetScenario.byDuration("-PT1H", time)).isInstanceOf(UsageException.class);
    }

    @Test
    void topicArgumentsNameWholeTopicsOrSomePartitions() {
        PartitionSelection s = PartitionSelection.parse(List.of("orders", "payments:0,2"));
        assertThat(s.wholeTopics()).containsExactly("orders");
        assertThat(s.partitions())
                .containsExactly(new TopicPartition("payments", 0), new TopicPartition("payments", 2));
        assertThatThrownBy(() -> PartitionSelection.parse(List.of("t:0:1")))
                .isInstanceOf(UsageException.class)
                .hasMessage("Invalid topic arg 't:0:1', expected topic name and partitions");
        assertThatThrownBy(() -> PartitionSelection.parse(List.of("t:x")))
                .isInstanceOf(UsageException.class)
                .hasMessage("Invalid partition 'x' specified in topic arg 't:x'");
    }
}
