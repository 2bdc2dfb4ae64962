package io.runnel.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.protocol.message.DescribeGroupsRequestData;
import io.runnel.protocol.message.DescribeGroupsResponseData;
import io.runnel.protocol.message.JoinGroupResponseData;
import io.runnel.protocol.message.LeaveGroupRequestData;
import io.runnel.protocol.message.LeaveGroupResponseData;
import io.runnel.protocol.message.SyncGroupResponseData;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ClassicGroupTest {

    private static final int INITIAL_DELAY = 3000;

    private final ShardHarness harness = new ShardHarness(Map.of());

    private ClassicClient client(String name) {
        return new ClassicClient(harness, "g", name, null);
    }

    private ClassicClient staticClient(String name, String instanceId) {
        return new ClassicClient(harness, "g", name, instanceId);
    }

    private DescribeGroupsResponseData.DescribedGroup describe(String groupId) {
        DescribeGroupsRequestData request = new DescribeGroupsRequestData().setGroups(List.of(groupId));
        return harness.call((short) 5, () -> harness.shard.describeGroups(RequestContext.of(5, "admin", "/a"), request))
                .groups()
                .get(0);
    }

    /** Forms a stable group: all join (the first starts the initial delay), the leader syncs an assignment. */
    private void formStableGroup(ClassicClient... clients) {
        List<CompletableFuture<JoinGroupResponseData>> joins = new java.util.ArrayList<>();
        for (ClassicClient c : clients) {
            joins.add(c.joinAsync());
        }
        for (CompletableFuture<JoinGroupResponseData> join : joins) {
            advanceUntilDone(join, 30_000);
        }
        for (CompletableFuture<JoinGroupResponseData> join : joins) {
            assertThat(join).isDone();
            assertThat(done(join).errorCode()).isZero();
        }
        syncAll(clients);
    }

    /** Syncs every client, the leader (whoever got the member list) giving each member its name as assignment. */
    private void syncAll(ClassicClient... clients) {
        ClassicClient leader = null;
        String leaderId = null;
        for (ClassicClient c : clients) {
            DescribeGroupsResponseData.DescribedGroup d = describe(c.groupId);
            assertThat(d.groupState()).isEqualTo("CompletingRebalance");
        }
        Map<String, byte[]> assignment = new LinkedHashMap<>();
        for (ClassicClient c : clients) {
            assignment.put(c.memberId, c.clientId.getBytes(StandardCharsets.UTF_8));
        }
        List<CompletableFuture<SyncGroupResponseData>> syncs = new java.util.ArrayList<>();
        for (ClassicClient c : clients) {
            syncs.add(c.syncAsync(assignment));
        }
        for (int i = 0; i < clients.length; i++) {
            assertThat(syncs.get(i)).isDone();
            assertThat(done(syncs.get(i)).errorCode()).isZero();
            assertThat(new String(done(syncs.get(i)).assignment(), StandardCharsets.UTF_8))
                    .isEqualTo(clients[i].clientId);
        }
        assertThat(describe(clients[0].groupId).groupState()).isEqualTo("Stable");
    }

    @Test
    void firstMemberWaitsForTheInitialRebalanceDelayThenLeadsGenerationOne() {
        ClassicClient a = client("a");
        CompletableFuture<JoinGroupResponseData> join = a.joinAsync();
        assertThat(a.memberId).startsWith("a-");
        assertThat(join).isNotDone();
        assertThat(describe("g").groupState()).isEqualTo("PreparingRebalance");

        harness.advance(INITIAL_DELAY - 1);
        assertThat(join).isNotDone();
        harness.advance(1);

        JoinGroupResponseData response = done(join);
        assertThat(response.errorCode()).isZero();
        assertThat(response.generationId()).isEqualTo(1);
        assertThat(response.protocolName()).isEqualTo("range");
        assertThat(response.protocolType()).isEqualTo("consumer");
        assertThat(response.leader()).isEqualTo(a.memberId);
        assertThat(response.members())
                .extracting(JoinGroupResponseData.JoinGroupResponseMember::memberId)
                .containsExactly(a.memberId);
        assertThat(describe("g").groupState()).isEqualTo("CompletingRebalance");
    }

    @Test
    void membersJoiningDuringTheInitialDelayExtendItAndShareTheFirstGeneration() {
        ClassicClient a = client("a");
        ClassicClient b = client("b");
        CompletableFuture<JoinGroupResponseData> joinA = a.joinAsync();
        harness.advance(2000);
        CompletableFuture<JoinGroupResponseData> joinB = b.joinAsync();
        harness.advance(1000);
        assertThat(joinA).as("the delay was extended by the second join").isNotDone();
        harness.advance(INITIAL_DELAY);
        assertThat(joinA).isDone();
        assertThat(joinB).isDone();
        assertThat(joinA.join().generationId()).isEqualTo(1);
        assertThat(joinB.join().generationId()).isEqualTo(1);
        assertThat(joinA.join().members()).hasSize(2);
        assertThat(joinB.join().members()).as("followers get no member list").isEmpty();
        assertThat(joinB.join().leader()).isEqualTo(a.memberId);
    }

    @Test
    void memberIdRequiredRoundTripOnlyFromVersionFour() {
        ClassicClient v3 = client("old");
        v3.joinVersion = 3;
        CompletableFuture<JoinGroupResponseData> first = v3.joinAsync();
        assertThat(first).isNotDone();
        assertThat(v3.memberId)
                .as("no member id assigned before the join completes")
                .isEmpty();
        harness.advance(INITIAL_DELAY);
        assertThat(done(first).errorCode()).isZero();
        assertThat(done(first).memberId()).startsWith("old-");

        ClassicClient v4 = new ClassicClient(harness, "g2", "new", null);
        v4.joinVersion = 4;
        JoinGroupRequestDataHolder holder = new JoinGroupRequestDataHolder(v4);
        JoinGroupResponseData response = harness.call((short) 4, holder::send);
        assertThat(response.errorCode()).isEqualTo(GroupError.MEMBER_ID_REQUIRED.code());
        assertThat(response.memberId()).startsWith("new-");
    }

    /** Sends one raw JoinGroup without the client's MEMBER_ID_REQUIRED handling. */
    private record JoinGroupRequestDataHolder(ClassicClient client) {
        CoordinatorResult<JoinGroupResponseData> send() {
            return client.harness.shard.joinGroup(client.ctx(client.joinVersion), client.joinRequest());
        }
    }

    @Test
    void pendingMemberIdThatIsNeverUsedExpiresAfterTheSessionTimeout() {
        ClassicClient a = client("a");
        JoinGroupResponseData required = harness.call((short) 9, new JoinGroupRequestDataHolder(a)::send);
        assertThat(required.errorCode()).isEqualTo(GroupError.MEMBER_ID_REQUIRED.code());
        harness.advance(a.sessionTimeoutMs);
        a.memberId = required.memberId();
        JoinGroupResponseData late = harness.call((short) 9, new JoinGroupRequestDataHolder(a)::send);
        assertThat(late.errorCode()).isEqualTo(GroupError.UNKNOWN_MEMBER_ID.code());
    }

    @Test
    void protocolWithMostVotesAmongThoseAllMembersSupportIsSelected() {
        byte[] meta = ClassicClient.subscription("topic");
        ClassicClient a = client("a").withProtocols(linked("range", meta, "roundrobin", meta));
        ClassicClient b = client("b").withProtocols(linked("roundrobin", meta, "range", meta));
        ClassicClient c = client("c").withProtocols(linked("roundrobin", meta, "range", meta, "sticky", meta));
        CompletableFuture<JoinGroupResponseData> ja = a.joinAsync();
        CompletableFuture<JoinGroupResponseData> jb = b.joinAsync();
        CompletableFuture<JoinGroupResponseData> jc = c.joinAsync();
        harness.advance(30_000);
        assertThat(done(ja).protocolName()).isEqualTo("roundrobin");
        assertThat(done(jb).protocolName()).isEqualTo("roundrobin");
        assertThat(done(jc).protocolName()).isEqualTo("roundrobin");
    }

    @Test
    void memberWithoutACommonProtocolOrWithAnotherProtocolTypeIsRefused() {
        ClassicClient a = client("a");
        a.joinAsync();
        ClassicClient b = client("b").withProtocols(linked("roundrobin", new byte[0]));
        assertThat(b.join().errorCode()).isEqualTo(GroupError.INCONSISTENT_GROUP_PROTOCOL.code());
        ClassicClient c = client("c");
        c.protocolType = "connect";
        assertThat(c.join().errorCode()).isEqualTo(GroupError.INCONSISTENT_GROUP_PROTOCOL.code());
    }

    @Test
    void connectProtocolTypeWithOpaqueMetadataReachesTheLeaderUnchanged() {
        byte[] workerA = {1, 2, 3, 0, (byte) 0xff};
        byte[] workerB = {9, 8, 7};
        ClassicClient a = new ClassicClient(harness, "connect-cluster", "worker-a", null)
                .withProtocols(linked("sessioned", workerA, "compatible", workerA));
        ClassicClient b = new ClassicClient(harness, "connect-cluster", "worker-b", null)
                .withProtocols(linked("sessioned", workerB, "compatible", workerB));
        a.protocolType = "connect";
        b.protocolType = "connect";
        CompletableFuture<JoinGroupResponseData> ja = a.joinAsync();
        CompletableFuture<JoinGroupResponseData> jb = b.joinAsync();
        harness.advance(30_000);
        JoinGroupResponseData leader = done(ja).leader().equals(a.memberId) ? done(ja) : done(jb);
        assertThat(leader.protocolType()).isEqualTo("connect");
        assertThat(leader.protocolName()).isEqualTo("sessioned");
        Map<String, byte[]> metadata = new LinkedHashMap<>();
        leader.members().forEach(m -> metadata.put(m.memberId(), m.metadata()));
        assertThat(metadata.get(a.memberId)).isEqualTo(workerA);
        assertThat(metadata.get(b.memberId)).isEqualTo(workerB);
    }

    @Test
    void followersWaitForTheLeadersSyncAndEachReceivesItsAssignment() {
        ClassicClient a = client("a");
        ClassicClient b = client("b");
        CompletableFuture<JoinGroupResponseData> ja = a.joinAsync();
        CompletableFuture<JoinGroupResponseData> jb = b.joinAsync();
        advanceUntilDone(ja, 30_000);
        ClassicClient leader = done(ja).leader().equals(a.memberId) ? a : b;
        ClassicClient follower = leader == a ? b : a;

        CompletableFuture<SyncGroupResponseData> followerSync = follower.syncAsync(Map.of());
        assertThat(followerSync).as("the follower waits for the leader").isNotDone();
        leader.sync(Map.of(
                leader.memberId, "for-leader".getBytes(StandardCharsets.UTF_8),
                follower.memberId, "for-follower".getBytes(StandardCharsets.UTF_8)));
        assertThat(followerSync).isDone();
        assertThat(new String(done(followerSync).assignment(), StandardCharsets.UTF_8))
                .isEqualTo("for-follower");
        assertThat(done(followerSync).protocolName()).isEqualTo("range");

        DescribeGroupsResponseData.DescribedGroup described = describe("g");
        assertThat(described.groupState()).isEqualTo("Stable");
        assertThat(described.protocolData()).isEqualTo("range");
        assertThat(described.members()).hasSize(2);
        DescribeGroupsResponseData.DescribedGroupMember f = described.members().stream()
                .filter(m -> m.memberId().equals(follower.memberId))
                .findFirst()
                .orElseThrow();
        assertThat(new String(f.memberAssignment(), StandardCharsets.UTF_8)).isEqualTo("for-follower");
        assertThat(f.clientId()).isEqualTo(follower.clientId);
        assertThat(f.clientHost()).startsWith("/10.0.0.");
        assertThat(f.memberMetadata()).isEqualTo(ClassicClient.subscription("topic"));
    }

    @Test
    void heartbeatsReportRebalancesAndCheckMemberAndGeneration() {
        ClassicClient a = client("a");
        formStableGroup(a);
        assertThat(a.heartbeat()).isEqualTo(GroupError.NONE.code());

        int generation = a.generation;
        a.generation = generation - 1;
        assertThat(a.heartbeat()).isEqualTo(GroupError.ILLEGAL_GENERATION.code());
        a.generation = generation;

        ClassicClient stranger = client("x");
        stranger.memberId = "x-unknown";
        stranger.generation = generation;
        assertThat(stranger.heartbeat()).isEqualTo(GroupError.UNKNOWN_MEMBER_ID.code());

        ClassicClient b = client("b");
        CompletableFuture<JoinGroupResponseData> jb = b.joinAsync();
        assertThat(jb).isNotDone();
        assertThat(a.heartbeat()).isEqualTo(GroupError.REBALANCE_IN_PROGRESS.code());
        CompletableFuture<JoinGroupResponseData> ja = a.joinAsync();
        assertThat(ja).as("everyone rejoined: the join phase completes at once").isDone();
        assertThat(jb).isDone();
        assertThat(done(ja).generationId()).isEqualTo(generation + 1);
        assertThat(done(jb).generationId()).isEqualTo(generation + 1);
    }

    @Test
    void leavingMemberTriggersARebalanceAndBatchedLeaveReportsEachMember() {
        ClassicClient a = client("a");
        ClassicClient b = client("b");
        formStableGroup(a, b);
        int generation = a.generation;

        LeaveGroupRequestData request = new LeaveGroupRequestData()
                .setGroupId("g")
                .setMembers(List.of(
                        new LeaveGroupRequestData.MemberIdentity().setMemberId(b.memberId),
                        new LeaveGroupRequestData.MemberIdentity().setMemberId("nobody")));
        LeaveGroupResponseData response =
                harness.call((short) 5, () -> harness.shard.leaveGroup(RequestContext.of(5, "b", "/b"), request));
        assertThat(response.errorCode()).isZero();
        assertThat(response.members())
                .extracting(LeaveGroupResponseData.MemberResponse::errorCode)
                .containsExactly(GroupError.NONE.code(), GroupError.UNKNOWN_MEMBER_ID.code());

        assertThat(a.heartbeat()).isEqualTo(GroupError.REBALANCE_IN_PROGRESS.code());
        JoinGroupResponseData rejoin = a.join();
        assertThat(rejoin.generationId()).isEqualTo(generation + 1);
        assertThat(rejoin.leader()).isEqualTo(a.memberId);
        assertThat(rejoin.members()).hasSize(1);
    }

    @Test
    void lastMemberLeavingEmptiesTheGroup() {
        ClassicClient a = client("a");
        formStableGroup(a);
        int generation = a.generation;
        LeaveGroupResponseData response = a.leave();
        assertThat(response.members().get(0).errorCode()).isZero();
        DescribeGroupsResponseData.DescribedGroup described = describe("g");
        assertThat(described.groupState()).isEqualTo("Empty");
        assertThat(described.members()).isEmpty();
        assertThat(described.protocolType()).isEqualTo("consumer");
        // Version 0-2 LeaveGroup names one member and reports at the top level.
        LeaveGroupRequestData old = new LeaveGroupRequestData().setGroupId("g").setMemberId(a.memberId);
        LeaveGroupResponseData oldResponse =
                harness.call((short) 2, () -> harness.shard.leaveGroup(RequestContext.of(2, "a", "/a"), old));
        assertThat(oldResponse.errorCode()).isEqualTo(GroupError.UNKNOWN_MEMBER_ID.code());
        assertThat(generation).isEqualTo(1);
    }

    @Test
    void memberThatStopsHeartbeatingIsRemovedAfterItsSessionTimeout() {
        ClassicClient a = client("a");
        ClassicClient b = client("b");
        formStableGroup(a, b);
        int generation = a.generation;
        for (int i = 0; i < 3; i++) {
            harness.advance(3000);
            assertThat(a.heartbeat()).isZero();
        }
        // b has been silent for 12 s > its 10 s session: it was removed, a is told to rejoin.
        harness.advance(3000);
        assertThat(a.heartbeat()).isEqualTo(GroupError.REBALANCE_IN_PROGRESS.code());
        assertThat(b.heartbeat()).isEqualTo(GroupError.UNKNOWN_MEMBER_ID.code());
        JoinGroupResponseData rejoin = a.join();
        assertThat(rejoin.generationId()).isEqualTo(generation + 1);
        assertThat(rejoin.members())
                .extracting(JoinGroupResponseData.JoinGroupResponseMember::memberId)
                .containsExactly(a.memberId);
    }

    @Test
    void dynamicMemberThatDoesNotRejoinWithinTheRebalanceTimeoutIsDropped() {
        ClassicClient a = client("a");
        ClassicClient b = client("b");
        formStableGroup(a, b);
        int generation = a.generation;
        a.rebalanceTimeoutMs = 20_000;
        a.protocols = linked("range", ClassicClient.subscription("topic", "other"));
        CompletableFuture<JoinGroupResponseData> ja = a.joinAsync();
        assertThat(ja).isNotDone();
        // b keeps heartbeating (so its session stays alive) but never rejoins.
        for (int i = 0; i < 6; i++) {
            harness.advance(3000);
            if (!ja.isDone()) {
                assertThat(b.heartbeat()).isEqualTo(GroupError.REBALANCE_IN_PROGRESS.code());
            }
        }
        assertThat(ja)
                .as("completes at the longest rebalance timeout (30 s of b's)")
                .isNotDone();
        harness.advance(12_000);
        assertThat(ja).isDone();
        assertThat(done(ja).generationId()).isEqualTo(generation + 1);
        assertThat(done(ja).members()).hasSize(1);
        assertThat(b.heartbeat()).isEqualTo(GroupError.UNKNOWN_MEMBER_ID.code());
    }

    @Test
    void membersThatNeverSyncAreRemovedAfterTheRebalanceTimeout() {
        ClassicClient a = client("a");
        ClassicClient b = client("b");
        CompletableFuture<JoinGroupResponseData> ja = a.joinAsync();
        CompletableFuture<JoinGroupResponseData> jb = b.joinAsync();
        advanceUntilDone(ja, 30_000);
        assertThat(jb).isDone();
        ClassicClient leader = done(ja).leader().equals(a.memberId) ? a : b;
        ClassicClient follower = leader == a ? b : a;
        CompletableFuture<SyncGroupResponseData> followerSync = follower.syncAsync(Map.of());
        // The leader keeps its session (heartbeats) but never sends its assignment.
        for (int i = 0; i < 10; i++) {
            harness.advance(3000);
            leader.heartbeat();
        }
        assertThat(followerSync).isDone();
        assertThat(done(followerSync).errorCode()).isEqualTo(GroupError.REBALANCE_IN_PROGRESS.code());
        assertThat(leader.heartbeat()).isEqualTo(GroupError.UNKNOWN_MEMBER_ID.code());
        assertThat(describe("g").members())
                .extracting(DescribeGroupsResponseData.DescribedGroupMember::memberId)
                .containsExactly(follower.memberId);
    }

    @Test
    void followerThatWaitedLongForItsAssignmentAndThenVanishesIsStillRemoved() {
        ClassicClient a = client("a");
        ClassicClient b = client("b");
        CompletableFuture<JoinGroupResponseData> ja = a.joinAsync();
        CompletableFuture<JoinGroupResponseData> jb = b.joinAsync();
        advanceUntilDone(ja, 30_000);
        ClassicClient leader = done(ja).leader().equals(a.memberId) ? a : b;
        ClassicClient follower = leader == a ? b : a;
        CompletableFuture<SyncGroupResponseData> followerSync = follower.syncAsync(Map.of());
        for (int i = 0; i < 6; i++) {
            harness.advance(3000);
            assertThat(leader.heartbeat()).isZero();
        }
        leader.sync(Map.of(leader.memberId, new byte[0], follower.memberId, new byte[0]));
        assertThat(done(followerSync).errorCode()).isZero();
        // The follower got its assignment after 18 s of waiting and is never heard from again.
        for (int i = 0; i < 5; i++) {
            harness.advance(3000);
            leader.heartbeat();
        }
        assertThat(leader.heartbeat()).isEqualTo(GroupError.REBALANCE_IN_PROGRESS.code());
        assertThat(follower.heartbeat()).isEqualTo(GroupError.UNKNOWN_MEMBER_ID.code());
    }

    @Test
    void staticMemberRestartingWithinItsSessionTimeoutRejoinsWithoutARebalance() {
        ClassicClient a = staticClient("a", "instance-a");
        ClassicClient b = staticClient("b", "instance-b");
        formStableGroup(a, b);
        int generation = a.generation;
        String oldMemberId = b.memberId;
        int logBefore = harness.logSize();

        // b's process restarts: new member id, same instance id, no leave sent.
        harness.advance(5000);
        ClassicClient restarted = staticClient("b", "instance-b");
        JoinGroupResponseData response = restarted.join();
        assertThat(response.errorCode()).isZero();
        assertThat(response.generationId()).as("no new generation").isEqualTo(generation);
        assertThat(response.memberId()).isNotEqualTo(oldMemberId).startsWith("instance-b-");
        SyncGroupResponseData sync = restarted.sync(Map.of());
        assertThat(new String(sync.assignment(), StandardCharsets.UTF_8))
                .as("keeps its assignment")
                .isEqualTo("b");
        assertThat(a.heartbeat()).as("no rebalance for the others").isZero();
        assertThat(describe("g").groupState()).isEqualTo("Stable");
        assertThat(harness.logSize()).as("the new member id is persisted").isGreaterThan(logBefore);

        // The old process, if it is still around, is fenced.
        assertThat(b.heartbeat()).isEqualTo(GroupError.FENCED_INSTANCE_ID.code());
        assertThat(b.commit("topic", 0, 10)).isEqualTo(GroupError.FENCED_INSTANCE_ID.code());
        assertThat(b.sync(Map.of()).errorCode()).isEqualTo(GroupError.FENCED_INSTANCE_ID.code());
    }

    @Test
    void restartedStaticLeaderLearnsItLeadsButSkipsTheAssignment() {
        ClassicClient a = staticClient("a", "instance-a");
        formStableGroup(a);
        ClassicClient restarted = staticClient("a", "instance-a");
        JoinGroupResponseData response = restarted.join();
        assertThat(response.leader()).isEqualTo(restarted.memberId);
        assertThat(response.skipAssignment()).isTrue();
        assertThat(response.members()).hasSize(1);
        assertThat(response.generationId()).isEqualTo(a.generation);
    }

    @Test
    void restartedStaticLeaderBeforeVersionNineIsSentNoSkipFlag() {
        ClassicClient a = staticClient("a", "instance-a");
        formStableGroup(a);
        ClassicClient restarted = staticClient("a", "instance-a");
        restarted.joinVersion = 8;
        JoinGroupResponseData response = restarted.join();
        assertThat(response.errorCode()).isZero();
        assertThat(response.skipAssignment()).isFalse();
        // The harness encodes every response at its version; this one could not carry the flag.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ShardHarness.assertEncodable(
                        new JoinGroupResponseData()
                                .setSkipAssignment(true)
                                .setLeader("")
                                .setMemberId(""),
                        (short) 8))
                .isInstanceOf(io.runnel.protocol.UnsupportedVersionException.class);
    }

    @Test
    void staticMemberThatDoesNotComeBackWithinItsSessionTimeoutIsRemoved() {
        ClassicClient a = staticClient("a", "instance-a");
        ClassicClient b = staticClient("b", "instance-b");
        formStableGroup(a, b);
        for (int i = 0; i < 4; i++) {
            harness.advance(3000);
            a.heartbeat();
        }
        assertThat(a.heartbeat()).isEqualTo(GroupError.REBALANCE_IN_PROGRESS.code());
        JoinGroupResponseData rejoin = a.join();
        assertThat(rejoin.members())
                .extracting(JoinGroupResponseData.JoinGroupResponseMember::groupInstanceId)
                .containsExactly("instance-a");
    }

    @Test
    void staticMemberLeavingByInstanceIdIsRemoved() {
        ClassicClient a = staticClient("a", "instance-a");
        ClassicClient b = staticClient("b", "instance-b");
        formStableGroup(a, b);
        LeaveGroupRequestData request = new LeaveGroupRequestData()
                .setGroupId("g")
                .setMembers(List.of(
                        new LeaveGroupRequestData.MemberIdentity().setGroupInstanceId("instance-b"),
                        new LeaveGroupRequestData.MemberIdentity()
                                .setMemberId("stale")
                                .setGroupInstanceId("instance-a")));
        LeaveGroupResponseData response =
                harness.call((short) 4, () -> harness.shard.leaveGroup(RequestContext.of(4, "admin", "/a"), request));
        assertThat(response.members())
                .extracting(LeaveGroupResponseData.MemberResponse::errorCode)
                .containsExactly(GroupError.NONE.code(), GroupError.FENCED_INSTANCE_ID.code());
        assertThat(a.heartbeat()).isEqualTo(GroupError.REBALANCE_IN_PROGRESS.code());
    }

    @Test
    void followerRejoiningWithChangedMetadataStartsAnotherRoundAsCooperativeRebalancingNeeds() {
        ClassicClient a = client("a");
        ClassicClient b = client("b");
        a.protocols = linked("cooperative-sticky", ClassicClient.subscription("topic"));
        b.protocols = linked("cooperative-sticky", ClassicClient.subscription("topic"));
        formStableGroup(a, b);
        // Round 1 revoked partitions from b; b rejoins at once with its new owned partitions in its metadata.
        b.protocols = linked("cooperative-sticky", ClassicClient.subscription("topic", "owned-changed"));
        CompletableFuture<JoinGroupResponseData> jb = b.joinAsync();
        assertThat(jb).isNotDone();
        assertThat(a.heartbeat()).isEqualTo(GroupError.REBALANCE_IN_PROGRESS.code());
        CompletableFuture<JoinGroupResponseData> ja = a.joinAsync();
        assertThat(ja).isDone();
        assertThat(jb).isDone();
        assertThat(done(ja).generationId()).isEqualTo(2);
        syncAll(a, b);
        // A follower rejoining with unchanged metadata gets the current generation back, without a rebalance.
        JoinGroupResponseData same = (a.memberId.equals(done(ja).leader()) ? b : a).join();
        assertThat(same.generationId()).isEqualTo(2);
        assertThat(describe("g").groupState()).isEqualTo("Stable");
    }

    @Test
    void groupMaxSizeRefusesTheMemberBeyondIt() {
        ShardHarness small = new ShardHarness(Map.of(GroupCoordinatorConfig.GROUP_MAX_SIZE, "2"));
        new ClassicClient(small, "g", "a", null).joinAsync();
        new ClassicClient(small, "g", "b", null).joinAsync();
        JoinGroupResponseData third = new ClassicClient(small, "g", "c", null).join();
        assertThat(third.errorCode()).isEqualTo(GroupError.GROUP_MAX_SIZE_REACHED.code());
    }

    @Test
    void sessionTimeoutOutsideTheBrokerRangeIsRefused() {
        ClassicClient a = client("a");
        a.sessionTimeoutMs = 1000;
        assertThat(a.join().errorCode()).isEqualTo(GroupError.INVALID_SESSION_TIMEOUT.code());
        a.sessionTimeoutMs = 2_000_000;
        assertThat(a.join().errorCode()).isEqualTo(GroupError.INVALID_SESSION_TIMEOUT.code());
    }

    @Test
    void joinResponsesCanBeEncodedAtEveryVersion() {
        for (short version = 0; version <= 9; version++) {
            ClassicClient c = new ClassicClient(harness, "g-v" + version, "c" + version, null);
            c.joinVersion = version;
            c.rebalanceTimeoutMs = version == 0 ? -1 : 30_000;
            CompletableFuture<JoinGroupResponseData> join = c.joinAsync();
            harness.advance(INITIAL_DELAY);
            assertThat(done(join).errorCode()).as("version " + version).isZero();
            assertThat(done(join).generationId()).isEqualTo(1);
        }
    }

    /** The completed future's value; fails (never blocks) if it is not complete. */
    static <T> T done(CompletableFuture<T> future) {
        assertThat(future).as("response is ready").isDone();
        return future.join();
    }

    /** Advances the clock in small steps until {@code future} completes, at most {@code maxMs}. */
    private void advanceUntilDone(CompletableFuture<?> future, long maxMs) {
        for (long waited = 0; !future.isDone() && waited < maxMs; waited += 100) {
            harness.advance(100);
        }
        assertThat(future).as("completes within " + maxMs + " ms").isDone();
    }

    private static Map<String, byte[]> linked(Object... nameAndMetadata) {
        Map<String, byte[]> map = new LinkedHashMap<>();
        for (int i = 0; i < nameAndMetadata.length; i += 2) {
            map.put((String) nameAndMetadata[i], (byte[]) nameAndMetadata[i + 1]);
        }
        return map;
    }
}
