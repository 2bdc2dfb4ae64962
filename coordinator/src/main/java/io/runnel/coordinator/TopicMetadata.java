package io.runnel.coordinator;

import io.runnel.common.Uuid;
import java.util.Objects;

/**
 * One topic as the coordinator sees it.
 *
 * @param internal whether it is an internal topic ({@code __consumer_offsets}, {@code __transaction_state});
 *     regular expression subscriptions never match internal topics
 */
public record TopicMetadata(Uuid id, String name, int numPartitions, boolean internal) {

    public TopicMetadata {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        if (numPartitions < 0) {
            throw new IllegalArgumentException("negative partition count for " + name);
        }
    }

    public static TopicMetadata of(Uuid id, String name, int numPartitions) {
        return new TopicMetadata(id, name, numPartitions, name.startsWith("__"));
    }
}
