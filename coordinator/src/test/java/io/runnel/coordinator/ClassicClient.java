package io.runnel.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.runnel.protocol.message.ConsumerProtocolSubscription;
import io.runnel.protocol.message.HeartbeatRequestData;
import io.runnel.protocol.message.JoinGroupRequestData;
import io.runnel.protocol.message.JoinGroupResponseData;
import io.runnel.protocol.message.LeaveGroupRequestData;
import io.runnel.protocol.message.LeaveGroupResponseData;
import io.runnel.protocol.message.OffsetCommitRequestData;
import io.runnel.protocol.message.OffsetCommitResponseData;
import io.runnel.protocol.message.SyncGroupRequestData;
import io.runnel.protocol.message.SyncGroupResponseData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** One classic-protocol client of a {@link ShardHarness}: remembers its member id and generation like a consumer. */
final class ClassicClient {

    final ShardHarness harness;
    final String groupId;
    final String clientId;
    final String instanceId;
    String protocolType = "consumer";
    Map<String, byte[]> protocols = new LinkedHashMap<>();
    short joinVersion = 9;
    short syncVersion = 5;
    short heartbeatVersion = 4;
    int sessionTimeoutMs = 10_000;
    int rebalanceTimeoutMs = 30_000;
    String memberId = "";
    int generation = -1;

    ClassicClient(ShardHarness harness, String groupId, String clientId, String instanceId) {
        this.harness = harness;
        this.groupId = groupId;
        this.clientId = clientId;
        this.instanceId = instanceId;
        protocols.put("range", subscription("topic"));
    }

    static byte[] subscription(String... topics) {
        ConsumerProtocolSubscription s = new ConsumerProtocolSubscription().setTopics(List.of(topics));
        ByteBuf buf = Unpooled.buffer();
        buf.writeShort(0);
        s.write(buf, (short) 0);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        return bytes;
    }

    ClassicClient withProtocols(Map<String, byte[]> newProtocols) {
        this.protocols = new LinkedHashMap<>(newProtocols);
        return this;
    }

    RequestContext ctx(short version) {
        return new RequestContext(version, clientId, "/10.0.0." + Math.abs(clientId.hashCode() % 200));
    }

    JoinGroupRequestData joinRequest() {
        JoinGroupRequestData request = new JoinGroupRequestData()
                .setGroupId(groupId)
                .setMemberId(memberId)
                .setGroupInstanceId(instanceId)
                .setProtocolType(protocolType)
                .setSessionTimeoutMs(sessionTimeoutMs)
                .setRebalanceTimeoutMs(rebalanceTimeoutMs);
        List<JoinGroupRequestData.JoinGroupRequestProtocol> list = new ArrayList<>();
        protocols.forEach((name, metadata) -> list.add(new JoinGroupRequestData.JoinGroupRequestProtocol()
                .setName(name)
                .setMetadata(metadata)));
        return request.setProtocols(list);
    }

    /** Sends JoinGroup, transparently doing the MEMBER_ID_REQUIRED round trip; the future may be parked. */
    CompletableFuture<JoinGroupResponseData> joinAsync() {
        CompletableFuture<JoinGroupResponseData> first = sendJoin();
        if (first.isDone() && first.join().errorCode() == GroupError.MEMBER_ID_REQUIRED.code()) {
            memberId = first.join().memberId();
            return sendJoin();
        }
        return first;
    }

    private CompletableFuture<JoinGroupResponseData> sendJoin() {
        JoinGroupRequestData request = joinRequest();
        return harness.submit(joinVersion, () -> harness.shard.joinGroup(ctx(joinVersion), request))
                .thenApply(r -> {
                    if (r.errorCode() == 0) {
                        memberId = r.memberId();
                        generation = r.generationId();
                    }
                    return r;
                });
    }

    JoinGroupResponseData join() {
        CompletableFuture<JoinGroupResponseData> f = joinAsync();
        assertThat(f).as("join of " + clientId + " completes").isDone();
        return f.join();
    }

    CompletableFuture<SyncGroupResponseData> syncAsync(Map<String, byte[]> assignments) {
        List<SyncGroupRequestData.SyncGroupRequestAssignment> list = new ArrayList<>();
        assignments.forEach((member, assignment) -> list.add(new SyncGroupRequestData.SyncGroupRequestAssignment()
                .setMemberId(member)
                .setAssignment(assignment)));
        SyncGroupRequestData request = new SyncGroupRequestData()
                .setGroupId(groupId)
                .setGenerationId(generation)
                .setMemberId(memberId)
                .setGroupInstanceId(instanceId)
                .setProtocolType(protocolType)
                .setAssignments(list);
        return harness.submit(syncVersion, () -> harness.shard.syncGroup(ctx(syncVersion), request));
    }

    SyncGroupResponseData sync(Map<String, byte[]> assignments) {
        CompletableFuture<SyncGroupResponseData> f = syncAsync(assignments);
        assertThat(f).as("sync of " + clientId + " completes").isDone();
        return f.join();
    }

    short heartbeat() {
        HeartbeatRequestData request = new HeartbeatRequestData()
                .setGroupId(groupId)
                .setGenerationId(generation)
                .setMemberId(memberId)
                .setGroupInstanceId(instanceId);
        return harness.call(heartbeatVersion, () -> harness.shard.heartbeat(ctx(heartbeatVersion), request))
                .errorCode();
    }

    LeaveGroupResponseData leave() {
        LeaveGroupRequestData request = new LeaveGroupRequestData()
                .setGroupId(groupId)
                .setMembers(List.of(new LeaveGroupRequestData.MemberIdentity()
                        .setMemberId(memberId)
                        .setGroupInstanceId(instanceId)));
        return harness.call((short) 5, () -> harness.shard.leaveGroup(ctx((short) 5), request));
    }

    short commit(String topic, int partition, long offset) {
        return commit(topic, partition, offset, (short) 8);
    }

    short commit(String topic, int partition, long offset, short version) {
        OffsetCommitRequestData request = new OffsetCommitRequestData()
                .setGroupId(groupId)
                .setGenerationIdOrMemberEpoch(generation)
                .setMemberId(memberId)
                .setGroupInstanceId(version >= 7 ? instanceId : null)
                .setTopics(List.of(new OffsetCommitRequestData.OffsetCommitRequestTopic()
                        .setName(topic)
                        .setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
                                .setPartitionIndex(partition)
                                .setCommittedOffset(offset)
                                .setCommittedMetadata("m")))));
        OffsetCommitResponseData response =
                harness.call(version, () -> harness.shard.commitOffsets(ctx(version), request));
        return response.topics().get(0).partitions().get(0).errorCode();
    }
}
