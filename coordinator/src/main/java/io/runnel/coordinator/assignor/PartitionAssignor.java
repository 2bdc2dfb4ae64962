package io.runnel.coordinator.assignor;

import java.util.Map;

/**
 * A server-side assignor of consumer (KIP-848) groups: computes the target assignment of every member from their
 * subscriptions, the partition counts of the subscribed topics, and the previous target (for stickiness).
 *
 * <p>Implementations are pure functions of their input: deterministic, stateless and thread-safe.
 */
public interface PartitionAssignor {

    /** The name members select it by ({@code group.remote.assignor} on the client). */
    String name();

    /**
     * The target assignment. Every member of the spec appears in the result (possibly with no partitions); a
     * partition is given to at most one member, and only to a member subscribed to its topic.
     */
    Map<String, TopicPartitionSet> assign(AssignmentSpec spec);
}
