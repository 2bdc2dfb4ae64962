package io.runnel.coordinator.assignor;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.common.Uuid;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class UniformAssignorTest {

    private final UniformAssignor assignor = new UniformAssignor();
    private final Uuid t1 = new Uuid(0, 1);
    private final Uuid t2 = new Uuid(0, 2);
    private final Uuid t3 = new Uuid(0, 3);

    private static AssignmentSpec.MemberSpec member(Set<Uuid> topics, TopicPartitionSet current) {
        return new AssignmentSpec.MemberSpec(topics, null, current);
    }

    private static void assertValid(AssignmentSpec spec, Map<String, TopicPartitionSet> result) {
        assertThat(result.keySet()).isEqualTo(spec.members().keySet());
        Set<String> seen = new HashSet<>();
        result.forEach((member, partitions) -> partitions.forEach((topic, p) -> {
            assertThat(spec.members().get(member).subscribedTopicIds()).contains(topic);
            assertThat(p).isLessThan(spec.partitionCounts().get(topic));
            assertThat(seen.add(topic + "-" + p))
                    .as("assigned once: " + topic + "-" + p)
                    .isTrue();
        }));
        int total = 0;
        for (Map.Entry<Uuid, Integer> topic : spec.partitionCounts().entrySet()) {
            boolean subscribed = spec.members().values().stream()
                    .anyMatch(m -> m.subscribedTopicIds().contains(topic.getKey()));
            total += subscribed ? topic.getValue() : 0;
        }
        assertThat(seen).as("every subscribed partition is assigned").hasSize(total);
    }

    private static int spread(Map<String, TopicPartitionSet> result) {
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (TopicPartitionSet p : result.values()) {
            min = Math.min(min, p.size());
            max = Math.max(max, p.size());
        }
        return max - min;
    }

    @Test
    void sameSubscriptionsGiveCountsThatDifferByAtMostOne() {
        for (int members = 1; members <= 9; members++) {
            TreeMap<String, AssignmentSpec.MemberSpec> specs = new TreeMap<>();
            for (int m = 0; m < members; m++) {
                specs.put("m" + m, member(Set.of(t1, t2), TopicPartitionSet.empty()));
            }
            AssignmentSpec spec = new AssignmentSpec(specs, Map.of(t1, 7, t2, 5));
            Map<String, TopicPartitionSet> result = assignor.assign(spec);
            assertValid(spec, result);
            assertThat(spread(result)).as(members + " members").isLessThanOrEqualTo(1);
        }
    }

    @Test
    void aJoiningMemberTakesOnlyWhatBalanceRequires() {
        TreeMap<String, AssignmentSpec.MemberSpec> two = new TreeMap<>();
        two.put("a", member(Set.of(t1), TopicPartitionSet.empty()));
        two.put("b", member(Set.of(t1), TopicPartitionSet.empty()));
        Map<String, TopicPartitionSet> before = assignor.assign(new AssignmentSpec(two, Map.of(t1, 12)));

        TreeMap<String, AssignmentSpec.MemberSpec> three = new TreeMap<>();
        three.put("a", member(Set.of(t1), before.get("a")));
        three.put("b", member(Set.of(t1), before.get("b")));
        three.put("c", member(Set.of(t1), TopicPartitionSet.empty()));
        AssignmentSpec spec = new AssignmentSpec(three, Map.of(t1, 12));
        Map<String, TopicPartitionSet> after = assignor.assign(spec);
        assertValid(spec, after);
        assertThat(after.get("c").size()).isEqualTo(4);
        assertThat(before.get("a").containsAll(after.get("a")))
                .as("a only lost partitions")
                .isTrue();
        assertThat(before.get("b").containsAll(after.get("b")))
                .as("b only lost partitions")
                .isTrue();
    }

    @Test
    void differentSubscriptionsAreBalancedAsFarAsTheyAllow() {
        TreeMap<String, AssignmentSpec.MemberSpec> specs = new TreeMap<>();
        specs.put("a", member(Set.of(t1, t2, t3), TopicPartitionSet.empty()));
        specs.put("b", member(Set.of(t1), TopicPartitionSet.empty()));
        specs.put("c", member(Set.of(t2, t3), TopicPartitionSet.empty()));
        specs.put("d", member(Set.of(t3), TopicPartitionSet.of(t3, 0, 1, 2, 3, 4, 5)));
        AssignmentSpec spec = new AssignmentSpec(specs, Map.of(t1, 3, t2, 4, t3, 6));
        Map<String, TopicPartitionSet> result = assignor.assign(spec);
        assertValid(spec, result);
        // No single move to another subscriber makes the heavier side lighter by more than one.
        result.forEach((from, partitions) -> partitions.forEach((topic, p) -> specs.forEach((to, toSpec) -> {
            if (toSpec.subscribedTopicIds().contains(topic)) {
                assertThat(result.get(to).size() + 1)
                        .as("moving " + topic + "-" + p + " from " + from + " to " + to)
                        .isGreaterThanOrEqualTo(partitions.size());
            }
        })));
        assertThat(spread(result)).isLessThanOrEqualTo(1);
    }

    @Test
    void randomSubscriptionsAlwaysGiveValidAssignmentsWithoutAnImprovingMove() {
        java.util.Random random = new java.util.Random(848);
        List<Uuid> topics = List.of(t1, t2, t3, new Uuid(0, 4));
        for (int round = 0; round < 300; round++) {
            Map<Uuid, Integer> counts = new HashMap<>();
            topics.forEach(t -> counts.put(t, 1 + random.nextInt(8)));
            TreeMap<String, AssignmentSpec.MemberSpec> specs = new TreeMap<>();
            int members = 1 + random.nextInt(6);
            for (int m = 0; m < members; m++) {
                Set<Uuid> subscribed = new HashSet<>();
                for (Uuid t : topics) {
                    if (random.nextInt(3) == 0) {
                        subscribed.add(t);
                    }
                }
                if (subscribed.isEmpty()) {
                    subscribed.add(topics.get(random.nextInt(topics.size())));
                }
                specs.put("m" + m, member(subscribed, TopicPartitionSet.empty()));
            }
            AssignmentSpec spec = new AssignmentSpec(specs, counts);
            Map<String, TopicPartitionSet> result = assignor.assign(spec);
            assertValid(spec, result);
            result.forEach((from, partitions) -> partitions.forEach((topic, p) -> specs.forEach((to, toSpec) -> {
                if (toSpec.subscribedTopicIds().contains(topic)) {
                    assertThat(result.get(to).size() + 1).isGreaterThanOrEqualTo(partitions.size());
                }
            })));
            // Stickiness: assigning again from this result changes nothing.
            TreeMap<String, AssignmentSpec.MemberSpec> again = new TreeMap<>();
            specs.forEach((m, s) -> again.put(m, member(s.subscribedTopicIds(), result.get(m))));
            assertThat(assignor.assign(new AssignmentSpec(again, counts))).isEqualTo(result);
        }
    }

    @Test
    void theSameInputAlwaysGivesTheSameAssignment() {
        TreeMap<String, AssignmentSpec.MemberSpec> specs = new TreeMap<>();
        specs.put("x", member(Set.of(t1, t2), TopicPartitionSet.empty()));
        specs.put("y", member(Set.of(t2), TopicPartitionSet.empty()));
        AssignmentSpec spec = new AssignmentSpec(specs, Map.of(t1, 5, t2, 5));
        assertThat(assignor.assign(spec)).isEqualTo(assignor.assign(spec));
    }

    @Test
    void partitionsOfTopicsNoLongerSubscribedOrGoneAreDropped() {
        TreeMap<String, AssignmentSpec.MemberSpec> specs = new TreeMap<>();
        Map<Uuid, Set<Integer>> stale = new HashMap<>();
        stale.put(t1, Set.of(0, 1, 7));
        stale.put(t2, Set.of(0));
        specs.put("a", member(Set.of(t1), TopicPartitionSet.of(stale)));
        AssignmentSpec spec = new AssignmentSpec(specs, Map.of(t1, 2));
        Map<String, TopicPartitionSet> result = assignor.assign(spec);
        assertThat(result.get("a")).isEqualTo(TopicPartitionSet.of(t1, 0, 1));
    }
}
