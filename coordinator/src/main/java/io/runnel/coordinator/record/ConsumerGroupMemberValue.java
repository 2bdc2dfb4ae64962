package io.runnel.coordinator.record;

import java.util.List;

/**
 * A consumer group member's subscription and client details, as its heartbeats last set them.
 *
 * @param instanceId the static member's {@code group.instance.id}, or null
 * @param rackId the client's rack, or null
 * @param subscribedTopicNames sorted; empty when the member subscribes by regular expression only
 * @param subscribedTopicRegex the subscription pattern, or null
 * @param serverAssignor the assignor the member asked for, or null for the default
 * @param rebalanceTimeoutMs how long the member may take to revoke partitions
 */
public record ConsumerGroupMemberValue(
        String instanceId,
        String rackId,
        String clientId,
        String clientHost,
        List<String> subscribedTopicNames,
        String subscribedTopicRegex,
        String serverAssignor,
        int rebalanceTimeoutMs)
        implements RecordValue {

    public ConsumerGroupMemberValue {
        subscribedTopicNames = List.copyOf(subscribedTopicNames);
    }
}
