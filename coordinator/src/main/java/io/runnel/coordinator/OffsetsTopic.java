package io.runnel.coordinator;

/**
 * The internal topic that holds group state: its name and the rule that places a group on one of its partitions.
 * The partition's leader is the group's coordinator, and the partition's {@link GroupCoordinatorShard} owns all of
 * the group's state.
 */
public final class OffsetsTopic {

    public static final String NAME = "__consumer_offsets";

    private OffsetsTopic() {}

    /**
     * Kafka's placement rule, {@code abs(groupId.hashCode()) % partitions}, where the absolute value of {@link
     * Integer#MIN_VALUE} is taken as 0. Clients never compute this themselves (they ask FindCoordinator), but keeping
     * Kafka's rule keeps a group on the partition an operator expects.
     */
    public static int partitionFor(String groupId, int numPartitions) {
        if (numPartitions <= 0) {
            throw new IllegalArgumentException("numPartitions must be positive: " + numPartitions);
        }
        int hash = groupId.hashCode();
        return (hash == Integer.MIN_VALUE ? 0 : Math.abs(hash)) % numPartitions;
    }
}
