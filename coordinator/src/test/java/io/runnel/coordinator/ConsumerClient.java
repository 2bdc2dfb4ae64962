package io.runnel.coordinator;

import io.runnel.common.Uuid;
import io.runnel.coordinator.assignor.TopicPartitionSet;
import io.runnel.protocol.message.ConsumerGroupHeartbeatRequestData;
import io.runnel.protocol.message.ConsumerGroupHeartbeatResponseData;
import java.util.ArrayList;
import java.util.List;

/**
 * One KIP-848 consumer of a {@link ShardHarness}, behaving like the Java client: it keeps its member id and epoch,
 * adopts each assignment it is sent (revoking what is no longer in it at once), and reports what it owns.
 */
final class ConsumerClient {

    final ShardHarness harness;
    final String groupId;
    final String memberId;
    String instanceId;
    List<String> topics = List.of("topic");
    String regex;
    String assignor;
    int rebalanceTimeoutMs = 60_000;
    int epoch;
    TopicPartitionSet owned = TopicPartitionSet.empty();
    short version = 1;
    ConsumerGroupHeartbeatResponseData last;

    ConsumerClient(ShardHarness harness, String groupId) {
        this(harness, groupId, Uuid.randomUuid().toString());
    }

    ConsumerClient(ShardHarness harness, String groupId, String memberId) {
        this.harness = harness;
        this.groupId = groupId;
        this.memberId = memberId;
    }

    /** Joins (epoch 0) with a full request. */
    ConsumerGroupHeartbeatResponseData join() {
        epoch = 0;
        owned = TopicPartitionSet.empty();
        return send(new ConsumerGroupHeartbeatRequestData()
                .setGroupId(groupId)
                .setMemberId(memberId)
                .setMemberEpoch(0)
                .setInstanceId(instanceId)
                .setRebalanceTimeoutMs(rebalanceTimeoutMs)
                .setSubscribedTopicNames(regex == null ? topics : null)
                .setSubscribedTopicRegex(regex)
                .setServerAssignor(assignor)
                .setTopicPartitions(List.of()));
    }

    /** A regular heartbeat that reports the owned partitions. */
    ConsumerGroupHeartbeatResponseData heartbeat() {
        return send(new ConsumerGroupHeartbeatRequestData()
                .setGroupId(groupId)
                .setMemberId(memberId)
                .setMemberEpoch(epoch)
                .setTopicPartitions(ownedPartitions()));
    }

    /** A heartbeat that says nothing about owned partitions (the client has not finished revoking). */
    ConsumerGroupHeartbeatResponseData heartbeatWithoutOwned() {
        return send(new ConsumerGroupHeartbeatRequestData()
                .setGroupId(groupId)
                .setMemberId(memberId)
                .setMemberEpoch(epoch));
    }

    ConsumerGroupHeartbeatResponseData leave(int leaveEpoch) {
        return send(new ConsumerGroupHeartbeatRequestData()
                .setGroupId(groupId)
                .setMemberId(memberId)
                .setInstanceId(instanceId)
                .setMemberEpoch(leaveEpoch));
    }

    ConsumerGroupHeartbeatResponseData send(ConsumerGroupHeartbeatRequestData request) {
        RequestContext ctx = RequestContext.of(version, "client-" + memberId.substring(0, 4), "/10.1.1.1");
        ConsumerGroupHeartbeatResponseData response =
                harness.call(version, () -> harness.shard.consumerGroupHeartbeat(ctx, request));
        last = response;
        if (response.errorCode() == 0 && request.memberEpoch() >= 0) {
            epoch = response.memberEpoch();
            if (response.assignment() != null) {
                TopicPartitionSet.Builder builder = new TopicPartitionSet.Builder();
                response.assignment().topicPartitions().forEach(tp -> tp.partitions()
                        .forEach(p -> builder.add(tp.topicId(), p)));
                owned = builder.build();
            }
        }
        return response;
    }

    private List<ConsumerGroupHeartbeatRequestData.TopicPartitions> ownedPartitions() {
        List<ConsumerGroupHeartbeatRequestData.TopicPartitions> list = new ArrayList<>();
        for (Uuid topic : owned.topicIds()) {
            list.add(new ConsumerGroupHeartbeatRequestData.TopicPartitions()
                    .setTopicId(topic)
                    .setPartitions(new ArrayList<>(owned.partitions(topic))));
        }
        return list;
    }
}
