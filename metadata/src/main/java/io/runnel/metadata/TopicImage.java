package io.runnel.metadata;

import io.runnel.common.Uuid;
import java.util.List;
import java.util.Map;

/**
 * A topic as the metadata image knows it: name, id, partitions in partition order, and its configuration
 * overrides (only the keys set explicitly; defaults come from the broker). Immutable.
 */
public record TopicImage(String name, Uuid id, List<PartitionImage> partitions, Map<String, String> configs) {

    /** Topics whose names start with "__" are internal, as Kafka's {@code __consumer_offsets}. */
    public boolean isInternal() {
        return name.equals("__consumer_offsets") || name.equals("__transaction_state");
    }

    public PartitionImage partition(int index) {
        return index >= 0 && index < partitions.size() ? partitions.get(index) : null;
    }
}
