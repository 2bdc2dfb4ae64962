package io.runnel.coordinator.offset;

import io.runnel.coordinator.record.OffsetCommitKey;
import io.runnel.coordinator.record.OffsetCommitValue;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The committed offsets of the groups of one shard: group → topic → partition → offset. Changed only by {@link
 * #replay}; topics and partitions iterate in order, so everything derived from them is deterministic.
 *
 * <p>Not thread-safe: one shard thread.
 */
public final class CommittedOffsets {

    private final Map<String, NavigableMap<String, NavigableMap<Integer, OffsetCommitValue>>> offsets = new HashMap<>();

    /** Applies an offset commit record; a null value deletes the offset. */
    public void replay(OffsetCommitKey key, OffsetCommitValue value) {
        if (value == null) {
            NavigableMap<String, NavigableMap<Integer, OffsetCommitValue>> topics = offsets.get(key.groupId());
            if (topics == null) {
                return;
            }
            NavigableMap<Integer, OffsetCommitValue> partitions = topics.get(key.topic());
            if (partitions == null) {
                return;
            }
            partitions.remove(key.partition());
            if (partitions.isEmpty()) {
                topics.remove(key.topic());
            }
            if (topics.isEmpty()) {
                offsets.remove(key.groupId());
            }
        } else {
            offsets.computeIfAbsent(key.groupId(), g -> new TreeMap<>())
                    .computeIfAbsent(key.topic(), t -> new TreeMap<>())
                    .put(key.partition(), value);
        }
    }

    /** The committed offset, or null. */
    public OffsetCommitValue get(String groupId, String topic, int partition) {
        NavigableMap<String, NavigableMap<Integer, OffsetCommitValue>> topics = offsets.get(groupId);
        if (topics == null) {
            return null;
        }
        NavigableMap<Integer, OffsetCommitValue> partitions = topics.get(topic);
        return partitions == null ? null : partitions.get(partition);
    }

    /** The group's offsets by topic and partition (a read-only view; empty if none). */
    public NavigableMap<String, NavigableMap<Integer, OffsetCommitValue>> group(String groupId) {
        NavigableMap<String, NavigableMap<Integer, OffsetCommitValue>> topics = offsets.get(groupId);
        return topics == null ? Collections.emptyNavigableMap() : Collections.unmodifiableNavigableMap(topics);
    }

    public boolean hasOffsets(String groupId) {
        return offsets.containsKey(groupId);
    }

    /** Whether the group has an offset for some partition of {@code topic}. */
    public boolean hasOffsets(String groupId, String topic) {
        return group(groupId).containsKey(topic);
    }

    public Set<String> groupIds() {
        return Collections.unmodifiableSet(offsets.keySet());
    }
}
