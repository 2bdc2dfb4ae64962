package io.runnel.metadata;

import java.util.List;

/** One partition as the metadata image knows it. Immutable. */
public record PartitionImage(
        int partition, List<Integer> replicas, List<Integer> isr, int leader, int leaderEpoch, int partitionEpoch) {}
