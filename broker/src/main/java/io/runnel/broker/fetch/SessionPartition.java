package io.runnel.broker.fetch;

import io.runnel.common.Uuid;

/**
 * A partition as a fetch session names it: by topic id (Fetch v13+) or by topic name (older versions); the other
 * part is null/zero. Immutable.
 */
public record SessionPartition(Uuid topicId, String topic, int partition) {

    public static SessionPartition byId(Uuid topicId, int partition) {
        return new SessionPartition(topicId, null, partition);
    }

    public static SessionPartition byName(String topic, int partition) {
        return new SessionPartition(Uuid.ZERO_UUID, topic, partition);
    }
}
