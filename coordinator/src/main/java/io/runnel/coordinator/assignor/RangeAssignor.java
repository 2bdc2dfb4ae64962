package io.runnel.coordinator.assignor;

import io.runnel.common.Uuid;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code range} assignor: topic by topic, the members subscribed to the topic (ordered by instance id for static
 * members, member id otherwise) each get a contiguous range of its partitions, the first {@code partitions %
 * members} one more than the rest. Members subscribed to topics with equal partition counts get the same partition
 * numbers of each (co-partitioning, which joins need). Not sticky: a membership change can move many partitions.
 */
public final class RangeAssignor implements PartitionAssignor {

    public static final String NAME = "range";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, TopicPartitionSet> assign(AssignmentSpec spec) {
        Map<String, TopicPartitionSet.Builder> builders = new TreeMap<>();
        spec.members().keySet().forEach(m -> builders.put(m, new TopicPartitionSet.Builder()));
        Comparator<Map.Entry<String, AssignmentSpec.MemberSpec>> order = Comparator.comparing(
                        (Map.Entry<String, AssignmentSpec.MemberSpec> e) ->
                                e.getValue().instanceId() != null ? e.getValue().instanceId() : e.getKey())
                .thenComparing(Map.Entry::getKey);
        for (Map.Entry<Uuid, Integer> topic : new TreeMap<>(spec.partitionCounts()).entrySet()) {
            List<Map.Entry<String, AssignmentSpec.MemberSpec>> subscribers = new ArrayList<>();
            for (Map.Entry<String, AssignmentSpec.MemberSpec> member :
                    spec.members().entrySet()) {
                if (member.getValue().subscribedTopicIds().contains(topic.getKey())) {
                    subscribers.add(member);
                }
            }
            if (subscribers.isEmpty()) {
                continue;
            }
            subscribers.sort(order);
            int partitions = topic.getValue();
            int per = partitions / subscribers.size();
            int extra = partitions % subscribers.size();
            int next = 0;
            for (int i = 0; i < subscribers.size(); i++) {
                int count = per + (i < extra ? 1 : 0);
                TopicPartitionSet.Builder builder =
                        builders.get(subscribers.get(i).getKey());
                for (int p = next; p < next + count; p++) {
                    builder.add(topic.getKey(), p);
                }
                next += count;
            }
        }
        Map<String, TopicPartitionSet> result = new TreeMap<>();
        builders.forEach((member, builder) -> result.put(member, builder.build()));
        return result;
    }
}
