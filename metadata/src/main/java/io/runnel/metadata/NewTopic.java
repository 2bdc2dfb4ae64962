package io.runnel.metadata;

import java.util.List;
import java.util.Map;

/**
 * A topic to create: -1 partitions or replication factor means the broker default; explicit replica assignments
 * (partition → broker ids) replace both. Immutable.
 */
public record NewTopic(
        String name,
        int numPartitions,
        short replicationFactor,
        Map<Integer, List<Integer>> assignments,
        Map<String, String> configs) {}
