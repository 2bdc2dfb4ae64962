package io.runnel.coordinator;

import io.runnel.common.Uuid;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The topics of the cluster, as the broker knows them: what consumer groups subscribe to, and what topic ids in
 * requests (OffsetCommit/OffsetFetch v10, ConsumerGroupHeartbeat) resolve to.
 *
 * <p>An image is an immutable snapshot. The broker hands each shard a new image through {@link
 * GroupCoordinatorShard#onMetadataUpdate} whenever topics are created, deleted or gain partitions; the shard never
 * sees an image change under it. The broker may implement this interface over its own metadata structures or build
 * one with {@link #of}.
 *
 * <p>Implementations must be immutable and thread-safe.
 */
public interface TopicsImage {

    /** The topic with this name, or null. */
    TopicMetadata topic(String name);

    /** The topic with this id, or null. */
    TopicMetadata topic(Uuid id);

    /** Every topic. */
    Collection<TopicMetadata> topics();

    /** An image of no topics. */
    TopicsImage EMPTY = of(List.of());

    /** An image of exactly these topics. */
    static TopicsImage of(Collection<TopicMetadata> topics) {
        Map<String, TopicMetadata> byName = new HashMap<>();
        Map<Uuid, TopicMetadata> byId = new HashMap<>();
        for (TopicMetadata t : topics) {
            byName.put(t.name(), t);
            byId.put(t.id(), t);
        }
        List<TopicMetadata> all = List.copyOf(byName.values());
        return new TopicsImage() {
            @Override
            public TopicMetadata topic(String name) {
                return byName.get(name);
            }

            @Override
            public TopicMetadata topic(Uuid id) {
                return byId.get(id);
            }

            @Override
            public Collection<TopicMetadata> topics() {
                return Collections.unmodifiableCollection(all);
            }

            @Override
            public String toString() {
                return "TopicsImage" + byName.keySet();
            }
        };
    }
}
