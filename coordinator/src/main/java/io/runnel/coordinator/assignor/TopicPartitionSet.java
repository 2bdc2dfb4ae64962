package io.runnel.coordinator.assignor;

import io.runnel.common.Uuid;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * A set of partitions keyed by topic id: an assignment, an owned set, the partitions pending revocation. Topics
 * with no partitions are never stored, so two sets with the same partitions are equal.
 *
 * <p>Immutable and thread-safe; every operation returns a new set.
 */
public final class TopicPartitionSet {

    private static final TopicPartitionSet EMPTY = new TopicPartitionSet(new TreeMap<>());

    private final SortedMap<Uuid, NavigableSet<Integer>> partitions;
    private final int size;

    private TopicPartitionSet(SortedMap<Uuid, NavigableSet<Integer>> partitions) {
        this.partitions = partitions;
        int n = 0;
        for (NavigableSet<Integer> p : partitions.values()) {
            n += p.size();
        }
        this.size = n;
    }

    public static TopicPartitionSet empty() {
        return EMPTY;
    }

    /** A copy of {@code partitions}; empty topics are dropped. */
    public static TopicPartitionSet of(Map<Uuid, ? extends Set<Integer>> partitions) {
        Builder builder = new Builder();
        partitions.forEach((topic, ps) -> ps.forEach(p -> builder.add(topic, p)));
        return builder.build();
    }

    public static TopicPartitionSet of(Uuid topicId, int... partitions) {
        Builder builder = new Builder();
        for (int p : partitions) {
            builder.add(topicId, p);
        }
        return builder.build();
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The number of partitions, over all topics. */
    public int size() {
        return size;
    }

    public Set<Uuid> topicIds() {
        return Collections.unmodifiableSet(partitions.keySet());
    }

    /** The partitions of one topic, in ascending order; empty if none. */
    public NavigableSet<Integer> partitions(Uuid topicId) {
        NavigableSet<Integer> p = partitions.get(topicId);
        return p == null ? Collections.emptyNavigableSet() : Collections.unmodifiableNavigableSet(p);
    }

    public boolean contains(Uuid topicId, int partition) {
        NavigableSet<Integer> p = partitions.get(topicId);
        return p != null && p.contains(partition);
    }

    /** Visits every partition, topics in id order, partitions ascending. */
    public void forEach(BiConsumer<Uuid, Integer> action) {
        partitions.forEach((topic, ps) -> ps.forEach(p -> action.accept(topic, p)));
    }

    public TopicPartitionSet union(TopicPartitionSet other) {
        if (other.isEmpty()) {
            return this;
        }
        Builder builder = toBuilder();
        other.forEach(builder::add);
        return builder.build();
    }

    public TopicPartitionSet minus(TopicPartitionSet other) {
        if (other.isEmpty() || isEmpty()) {
            return this;
        }
        Builder builder = new Builder();
        forEach((topic, p) -> {
            if (!other.contains(topic, p)) {
                builder.add(topic, p);
            }
        });
        return builder.build();
    }

    public TopicPartitionSet intersect(TopicPartitionSet other) {
        Builder builder = new Builder();
        forEach((topic, p) -> {
            if (other.contains(topic, p)) {
                builder.add(topic, p);
            }
        });
        return builder.build();
    }

    public boolean intersects(TopicPartitionSet other) {
        for (Map.Entry<Uuid, NavigableSet<Integer>> e : partitions.entrySet()) {
            for (int p : e.getValue()) {
                if (other.contains(e.getKey(), p)) {
                    return true;
                }
            }
        }
        return false;
    }

    public boolean containsAll(TopicPartitionSet other) {
        return other.minus(this).isEmpty();
    }

    public Builder toBuilder() {
        Builder builder = new Builder();
        forEach(builder::add);
        return builder;
    }

    /** The partitions as an unmodifiable map of unmodifiable sets. */
    public Map<Uuid, Set<Integer>> asMap() {
        Map<Uuid, Set<Integer>> map = new TreeMap<>();
        partitions.forEach((topic, ps) -> map.put(topic, Collections.unmodifiableSet(ps)));
        return Collections.unmodifiableMap(map);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicPartitionSet && partitions.equals(((TopicPartitionSet) o).partitions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(partitions);
    }

    @Override
    public String toString() {
        return partitions.toString();
    }

    /** Collects partitions; not thread-safe. */
    public static final class Builder {
        private final SortedMap<Uuid, NavigableSet<Integer>> partitions = new TreeMap<>();

        public Builder add(Uuid topicId, int partition) {
            partitions.computeIfAbsent(topicId, t -> new TreeSet<>()).add(partition);
            return this;
        }

        public Builder remove(Uuid topicId, int partition) {
            NavigableSet<Integer> ps = partitions.get(topicId);
            if (ps != null) {
                ps.remove(partition);
                if (ps.isEmpty()) {
                    partitions.remove(topicId);
                }
            }
            return this;
        }

        public boolean contains(Uuid topicId, int partition) {
            NavigableSet<Integer> ps = partitions.get(topicId);
            return ps != null && ps.contains(partition);
        }

        public int size() {
            int n = 0;
            for (NavigableSet<Integer> p : partitions.values()) {
                n += p.size();
            }
            return n;
        }

        public TopicPartitionSet build() {
            if (partitions.isEmpty()) {
                return EMPTY;
            }
            SortedMap<Uuid, NavigableSet<Integer>> copy = new TreeMap<>();
            partitions.forEach((topic, ps) -> copy.put(topic, new TreeSet<>(ps)));
            return new TopicPartitionSet(copy);
        }
    }
}
