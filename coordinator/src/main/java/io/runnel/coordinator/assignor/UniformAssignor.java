package io.runnel.coordinator.assignor;

import io.runnel.common.Uuid;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code uniform} assignor (the default): spreads partitions so that member partition counts are as even as
 * their subscriptions allow, and keeps each partition where the previous target put it whenever that does not
 * unbalance the group.
 *
 * <p>When every member subscribes to the same topics the counts differ by at most one: each member keeps up to its
 * quota ({@code partitions / members}, one more for the first {@code partitions % members} that can use it) of its
 * previous partitions, and the rest are dealt out to members below quota. With different subscriptions, previous
 * placements are kept, the remaining partitions go (topics with fewest subscribers first) to the least loaded
 * subscriber, and then partitions shift along chains of members (each handing the next a partition of a topic the
 * next subscribes to) from a member to one carrying at least two fewer, until no such chain exists: then no member
 * could take load from a heavier one, directly or through others, without becoming at least as heavy.
 */
public final class UniformAssignor implements PartitionAssignor {

    public static final String NAME = "uniform";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, TopicPartitionSet> assign(AssignmentSpec spec) {
        if (spec.members().isEmpty()) {
            return Map.of();
        }
        Set<Uuid> first = null;
        boolean homogeneous = true;
        for (AssignmentSpec.MemberSpec member : spec.members().values()) {
            Set<Uuid> topics = existing(member.subscribedTopicIds(), spec);
            if (first == null) {
                first = topics;
            } else if (!first.equals(topics)) {
                homogeneous = false;
                break;
            }
        }
        Map<String, List<TopicPartition>> assignment =
                homogeneous ? assignHomogeneous(spec, first) : assignHeterogeneous(spec);
        Map<String, TopicPartitionSet> result = new TreeMap<>();
        assignment.forEach((member, partitions) -> {
            TopicPartitionSet.Builder builder = new TopicPartitionSet.Builder();
            partitions.forEach(tp -> builder.add(tp.topic, tp.partition));
            result.put(member, builder.build());
        });
        return result;
    }

    private static Map<String, List<TopicPartition>> assignHomogeneous(AssignmentSpec spec, Set<Uuid> topics) {
        List<TopicPartition> all = allPartitions(spec, topics);
        List<String> members = new ArrayList<>(spec.members().keySet());
        int base = all.size() / members.size();
        int extraLeft = all.size() % members.size();
        Set<TopicPartition> valid = new HashSet<>(all);
        Set<TopicPartition> taken = new HashSet<>();
        Map<String, List<TopicPartition>> assignment = new TreeMap<>();
        Map<String, List<TopicPartition>> previous = new HashMap<>();
        for (String member : members) {
            List<TopicPartition> prev = new ArrayList<>();
            spec.members().get(member).currentTarget().forEach((topic, p) -> {
                TopicPartition tp = new TopicPartition(topic, p);
                if (valid.contains(tp)) {
                    prev.add(tp);
                }
            });
            previous.put(member, prev);
            List<TopicPartition> kept = new ArrayList<>();
            for (TopicPartition tp : prev) {
                if (kept.size() >= base) {
                    break;
                }
                if (taken.add(tp)) {
                    kept.add(tp);
                }
            }
            assignment.put(member, kept);
        }
        Set<String> hasExtra = new HashSet<>();
        for (String member : members) {
            if (extraLeft == 0) {
                break;
            }
            for (TopicPartition tp : previous.get(member)) {
                if (!taken.contains(tp)) {
                    taken.add(tp);
                    assignment.get(member).add(tp);
                    hasExtra.add(member);
                    extraLeft--;
                    break;
                }
            }
        }
        List<TopicPartition> unassigned = new ArrayList<>();
        for (TopicPartition tp : all) {
            if (!taken.contains(tp)) {
                unassigned.add(tp);
            }
        }
        int next = 0;
        for (String member : members) {
            List<TopicPartition> mine = assignment.get(member);
            while (mine.size() < base && next < unassigned.size()) {
                mine.add(unassigned.get(next++));
            }
        }
        for (String member : members) {
            if (next >= unassigned.size()) {
                break;
            }
            if (!hasExtra.contains(member)) {
                assignment.get(member).add(unassigned.get(next++));
            }
        }
        return assignment;
    }

    private static Map<String, List<TopicPartition>> assignHeterogeneous(AssignmentSpec spec) {
        Map<String, Set<Uuid>> subscriptions = new TreeMap<>();
        Map<Uuid, List<String>> subscribers = new TreeMap<>();
        spec.members().forEach((member, memberSpec) -> {
            Set<Uuid> topics = existing(memberSpec.subscribedTopicIds(), spec);
            subscriptions.put(member, topics);
            topics.forEach(
                    t -> subscribers.computeIfAbsent(t, x -> new ArrayList<>()).add(member));
        });
        Map<String, List<TopicPartition>> assignment = new TreeMap<>();
        subscriptions.keySet().forEach(m -> assignment.put(m, new ArrayList<>()));
        Set<TopicPartition> taken = new HashSet<>();
        // 1. Keep previous placements that are still valid.
        spec.members()
                .forEach((member, memberSpec) -> memberSpec.currentTarget().forEach((topic, p) -> {
                    Integer count = spec.partitionCounts().get(topic);
                    TopicPartition tp = new TopicPartition(topic, p);
                    if (count != null && p < count && subscriptions.get(member).contains(topic) && taken.add(tp)) {
                        assignment.get(member).add(tp);
                    }
                }));
        // 2. Deal out the rest: topics with the fewest subscribers first, each partition to the least loaded.
        List<Uuid> topicOrder = new ArrayList<>(subscribers.keySet());
        topicOrder.sort(Comparator.comparingInt((Uuid t) -> subscribers.get(t).size())
                .thenComparing(Comparator.naturalOrder()));
        for (Uuid topic : topicOrder) {
            for (int p = 0; p < spec.partitionCounts().get(topic); p++) {
                TopicPartition tp = new TopicPartition(topic, p);
                if (taken.contains(tp)) {
                    continue;
                }
                String target = leastLoaded(subscribers.get(topic), assignment);
                assignment.get(target).add(tp);
                taken.add(tp);
            }
        }
        // 3. Even out: while some member can hand a partition, possibly through a chain of members each passing one
        //    on, to a member carrying at least two fewer, do it. Each such shift lowers the sum of squared counts.
        while (shiftAlongChain(assignment, subscriptions)) {
            // keep going
        }
        return assignment;
    }

    /**
     * Finds, breadth first from the most loaded members, a chain heavy → ... → light where each member owns a
     * partition of a topic the next one subscribes to and light carries at least two fewer partitions than heavy,
     * and moves one partition along each link. Returns whether it found one.
     */
    private static boolean shiftAlongChain(
            Map<String, List<TopicPartition>> assignment, Map<String, Set<Uuid>> subscriptions) {
        List<String> byLoad = new ArrayList<>(assignment.keySet());
        byLoad.sort(Comparator.comparingInt((String m) -> -assignment.get(m).size())
                .thenComparing(Comparator.naturalOrder()));
        List<String> lightestFirst = new ArrayList<>(byLoad);
        java.util.Collections.reverse(lightestFirst);
        for (String heavy : byLoad) {
            int heavyLoad = assignment.get(heavy).size();
            Map<String, String> previous = new HashMap<>();
            Map<String, TopicPartition> passed = new HashMap<>();
            List<String> queue = new ArrayList<>();
            queue.add(heavy);
            previous.put(heavy, heavy);
            String light = null;
            for (int i = 0; i < queue.size() && light == null; i++) {
                String from = queue.get(i);
                List<TopicPartition> owned = assignment.get(from);
                for (String to : lightestFirst) {
                    if (previous.containsKey(to)) {
                        continue;
                    }
                    TopicPartition candidate = null;
                    for (int j = owned.size() - 1; j >= 0 && candidate == null; j--) {
                        if (subscriptions.get(to).contains(owned.get(j).topic)) {
                            candidate = owned.get(j);
                        }
                    }
                    if (candidate == null) {
                        continue;
                    }
                    previous.put(to, from);
                    passed.put(to, candidate);
                    if (assignment.get(to).size() <= heavyLoad - 2) {
                        light = to;
                        break;
                    }
                    queue.add(to);
                }
            }
            if (light != null) {
                for (String to = light; !to.equals(heavy); to = previous.get(to)) {
                    TopicPartition tp = passed.get(to);
                    assignment.get(previous.get(to)).remove(tp);
                    assignment.get(to).add(tp);
                }
                return true;
            }
        }
        return false;
    }

    private static String leastLoaded(List<String> candidates, Map<String, List<TopicPartition>> assignment) {
        String best = null;
        for (String candidate : candidates) {
            if (best == null
                    || assignment.get(candidate).size() < assignment.get(best).size()) {
                best = candidate;
            }
        }
        return best;
    }

    private static Set<Uuid> existing(Set<Uuid> topics, AssignmentSpec spec) {
        Set<Uuid> result = new java.util.TreeSet<>();
        for (Uuid t : topics) {
            if (spec.partitionCounts().containsKey(t)) {
                result.add(t);
            }
        }
        return result;
    }

    private static List<TopicPartition> allPartitions(AssignmentSpec spec, Set<Uuid> topics) {
        List<TopicPartition> all = new ArrayList<>();
        for (Uuid topic : new java.util.TreeSet<>(topics)) {
            for (int p = 0; p < spec.partitionCounts().get(topic); p++) {
                all.add(new TopicPartition(topic, p));
            }
        }
        return all;
    }

    private record TopicPartition(Uuid topic, int partition) {}
}
