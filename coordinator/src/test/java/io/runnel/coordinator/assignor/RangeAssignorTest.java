package io.runnel.coordinator.assignor;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.common.Uuid;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RangeAssignorTest {

    private final Uuid orders = new Uuid(0, 1);
    private final Uuid payments = new Uuid(0, 2);

    @Test
    void eachTopicIsSplitIntoContiguousRangesInMemberOrder() {
        TreeMap<String, AssignmentSpec.MemberSpec> specs = new TreeMap<>();
        for (String m : new String[] {"c", "a", "b"}) {
            specs.put(m, new AssignmentSpec.MemberSpec(Set.of(orders, payments), null, TopicPartitionSet.empty()));
        }
        Map<String, TopicPartitionSet> result =
                new RangeAssignor().assign(new AssignmentSpec(specs, Map.of(orders, 7, payments, 7)));
        assertThat(result.get("a"))
                .isEqualTo(TopicPartitionSet.of(orders, 0, 1, 2).union(TopicPartitionSet.of(payments, 0, 1, 2)));
        assertThat(result.get("b"))
                .isEqualTo(TopicPartitionSet.of(orders, 3, 4).union(TopicPartitionSet.of(payments, 3, 4)));
        assertThat(result.get("c"))
                .isEqualTo(TopicPartitionSet.of(orders, 5, 6).union(TopicPartitionSet.of(payments, 5, 6)));
    }

    @Test
    void onlySubscribersShareATopicAndStaticMembersAreOrderedByInstanceId() {
        TreeMap<String, AssignmentSpec.MemberSpec> specs = new TreeMap<>();
        specs.put("m1", new AssignmentSpec.MemberSpec(Set.of(orders), "zeta", TopicPartitionSet.empty()));
        specs.put("m2", new AssignmentSpec.MemberSpec(Set.of(orders), "alpha", TopicPartitionSet.empty()));
        specs.put("m3", new AssignmentSpec.MemberSpec(Set.of(payments), null, TopicPartitionSet.empty()));
        Map<String, TopicPartitionSet> result =
                new RangeAssignor().assign(new AssignmentSpec(specs, Map.of(orders, 4, payments, 2)));
        assertThat(result.get("m2")).isEqualTo(TopicPartitionSet.of(orders, 0, 1));
        assertThat(result.get("m1")).isEqualTo(TopicPartitionSet.of(orders, 2, 3));
        assertThat(result.get("m3")).isEqualTo(TopicPartitionSet.of(payments, 0, 1));
    }
}
