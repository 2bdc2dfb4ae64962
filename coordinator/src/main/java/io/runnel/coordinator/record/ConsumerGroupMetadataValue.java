package io.runnel.coordinator.record;

import io.runnel.common.Uuid;
import java.util.List;
import java.util.Objects;

/**
 * A consumer group's epoch and the metadata of every topic some member subscribes to (by name or regular
 * expression) as it was when the epoch was bumped. The epoch goes up whenever a member joins, leaves or changes its
 * subscription, or when the subscribed topics change (created, deleted, partitions added); a new target assignment
 * is computed for every new epoch.
 *
 * @param subscribedTopics sorted by name
 */
public record ConsumerGroupMetadataValue(int epoch, List<SubscribedTopic> subscribedTopics) implements RecordValue {

    public ConsumerGroupMetadataValue {
        subscribedTopics = List.copyOf(subscribedTopics);
    }

    /** A subscribed topic that exists, with its id and partition count. */
    public record SubscribedTopic(String name, Uuid topicId, int numPartitions) {
        public SubscribedTopic {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(topicId, "topicId");
        }
    }
}
