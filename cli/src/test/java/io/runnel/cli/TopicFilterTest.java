package io.runnel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicFilterTest {

    @Test
    void aNameMatchesOnlyTheWholeName() {
        TopicFilter f = TopicFilter.of("test");
        assertThat(f.matches("test")).isTrue();
        assertThat(f.matches("test2")).isFalse();
        assertThat(f.matches("my-test")).isFalse();
    }

    @Test
    void commasAreAlternativesAndQuotesAndSpacesAreIgnored() {
        TopicFilter f = TopicFilter.of("\"orders, payments\"");
        assertThat(f.matches("orders")).isTrue();
        assertThat(f.matches("payments")).isTrue();
        assertThat(f.matches("orders,payments")).isFalse();
    }

    @Test
    void regularExpressionsWork() {
        TopicFilter f = TopicFilter.of("logs\\..*");
        assertThat(f.matches("logs.app")).isTrue();
        assertThat(f.matches("logsXapp")).isFalse();
    }

    @Test
    void anInvalidExpressionIsAUsageError() {
        assertThatThrownBy(() -> TopicFilter.of("a(b")).isInstanceOf(UsageException.class);
    }

    @Test
    void replicaAssignmentParsesPartitionsAndChecksThem() {
        ReplicaAssignment a = ReplicaAssignment.parse("1:2,2:3,3:1");
        assertThat(a.partitions())
                .containsExactly(Map.entry(0, List.of(1, 2)), Map.entry(1, List.of(2, 3)), Map.entry(2, List.of(3, 1)));
        assertThat(a.from(2)).containsExactly(List.of(3, 1));
        assertThatThrownBy(() -> ReplicaAssignment.parse("1:1"))
                .isInstanceOf(UsageException.class)
                .hasMessage("Partition replica lists may not contain duplicate entries: 1:1");
        assertThatThrownBy(() -> ReplicaAssignment.parse("1:2,3"))
                .isInstanceOf(UsageException.class)
                .hasMessage("Partition 1 has different replication factor: 3");
        assertThatThrownBy(() -> ReplicaAssignment.parse("1,x")).isInstanceOf(UsageException.class);
    }
}
