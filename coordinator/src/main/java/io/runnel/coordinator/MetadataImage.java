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
public interface MetadataImage {

    /** The topic with this name, or null. */
    TopicImage topic(String name);

    /** The topic with this id, or null. */
    TopicImage topic(Uuid id);

    /** Every topic. */
    Collection<TopicImage> topics();

    /** An image of no topics. */
    MetadataImage EMPTY = of(List.of());

    /** An image of exactly these topics. */
    static MetadataImage of(Collection<TopicImage> topics) {
        Map<String, TopicImage> byName = new HashMap<>();
        Map<Uuid, TopicImage> byId = new HashMap<>();
        for (TopicImage t : topics) {
            byName.put(t.name(), t);
            byId.put(t.id(), t);
        }
        List<TopicImage> all = List.copyOf(byName.values());
        return new MetadataImage() {
            @Override
            public TopicImage topic(String name) {
                return byName.get(name);
            }

            @Override
            public TopicImage topic(Uuid id) {
                return byId.get(id);
            }

            @Override
            public Collection<TopicImage> topics() {
                return Collections.unmodifiableCollection(all);
            }

            @Override
            public String toString() {
                return "MetadataImage" + byName.keySet();
            }
        };
    }
}
