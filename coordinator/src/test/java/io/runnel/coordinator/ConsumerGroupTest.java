package io.runnel.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.common.Uuid;
import io.runnel.coordinator.assignor.TopicPartitionSet;
import io.runnel.protocol.message.ConsumerGroupDescribeRequestData;
import io.runnel.protocol.message.ConsumerGroupDescribeResponseData;
import io.runnel.protocol.message.ConsumerGroupHeartbeatRequestData;
import io.runnel.protocol.message.ConsumerGroupHeartbeatResponseData;
import io.runnel.protocol.message.JoinGroupResponseData;
import io.runnel.protocol.message.ListGroupsRequestData;
import io.runnel.protocol.message.ListGroupsResponseData;
import io.runnel.protocol.message.OffsetCommitRequestData;
import io.runnel.protocol.message.OffsetFetchRequestData;
import io.runnel.protocol.message.OffsetFetchResponseData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsumerGroupTest {

    private final Uuid topicId = Uuid.randomUuid();
    private final Uuid otherId = Uuid.randomUuid();
    private final ShardHarness harness = new ShardHarness(
            GroupCoordinatorConfig.defaults(),
            TopicsImage.of(List.of(TopicMetadata.of(topicId, "topic", 6), TopicMetadata.of(otherId, "other", 6))));

    private ConsumerClient consumer() {
        return new ConsumerClient(harness, "g");
    }

    private ConsumerGroupDescribeResponseData.DescribedGroup describe() {
        ConsumerGroupDescribeRequestData request = new ConsumerGroupDescribeRequestData().setGroupIds(List.of("g"));
        return harness.call(
                        (short) 1,
                        () -> harness.shard.consumerGroupDescribe(RequestContext.of(1, "admin", "/a"), request))
                .groups()
                .get(0);
    }

    private TopicPartitionSet all(int... partitions) {
        return TopicPartitionSet.of(topicId, partitions);
    }

    @Test
    void firstMemberGetsEveryPartitionAtEpochOne() {
        ConsumerClient a = consumer();
        ConsumerGroupHeartbeatResponseData response = a.join();
        assertThat(response.errorCode()).isZero();
        assertThat(response.memberId()).isEqualTo(a.memberId);
        assertThat(response.memberEpoch()).isEqualTo(1);
        assertThat(response.heartbeatIntervalMs()).isEqualTo(5000);
        assertThat(a.owned).isEqualTo(all(0, 1, 2, 3, 4, 5));
        assertThat(describe().groupState()).isEqualTo("Stable");
    }

    @Test
    void partitionsMoveToANewMemberOnlyAfterTheirOwnerRevokedThem() {
        ConsumerClient a = consumer();
        a.join();
        ConsumerClient b = consumer();
        ConsumerGroupHeartbeatResponseData joined = b.join();
        assertThat(joined.memberEpoch()).isEqualTo(2);
        assertThat(b.owned.isEmpty()).as("a still owns everything").isTrue();
        assertThat(describe().groupState()).isEqualTo("Reconciling");

        // a learns it must give up three partitions; its epoch stays until it has.
        a.heartbeat();
        assertThat(a.epoch).isEqualTo(1);
        assertThat(a.owned.size()).isEqualTo(3);
        TopicPartitionSet aKeeps = a.owned;

        // Until a reports the revocation, b gets nothing.
        b.heartbeat();
        assertThat(b.owned.isEmpty()).isTrue();

        a.heartbeat();
        assertThat(a.epoch).as("revocation done: a moves to the new epoch").isEqualTo(2);
        assertThat(a.owned).isEqualTo(aKeeps);

        b.heartbeat();
        assertThat(b.owned).isEqualTo(all(0, 1, 2, 3, 4, 5).minus(aKeeps));
        assertThat(b.epoch).isEqualTo(2);
        assertThat(describe().groupState()).isEqualTo("Stable");
    }

    @Test
    void aMemberThatHasNotReportedItsRevocationKeepsItsEpoch() {
        ConsumerClient a = consumer();
        a.join();
        consumer().join();
        a.heartbeat();
        assertThat(a.epoch).isEqualTo(1);
        a.heartbeatWithoutOwned();
        assertThat(a.epoch).as("no owned partitions reported: still revoking").isEqualTo(1);
    }

    @Test
    void leavingMemberFreesItsPartitionsForTheOthers() {
        ConsumerClient a = consumer();
        ConsumerClient b = consumer();
        a.join();
        b.join();
        a.heartbeat();
        a.heartbeat();
        b.heartbeat();
        assertThat(a.owned.size() + b.owned.size()).isEqualTo(6);

        ConsumerGroupHeartbeatResponseData left = b.leave(-1);
        assertThat(left.errorCode()).isZero();
        assertThat(left.memberEpoch()).isEqualTo(-1);
        a.heartbeat();
        assertThat(a.owned).isEqualTo(all(0, 1, 2, 3, 4, 5));
        assertThat(describe().members()).hasSize(1);
    }

    @Test
    void silentMemberIsRemovedAfterTheSessionTimeout() {
        ConsumerClient a = consumer();
        ConsumerClient b = consumer();
        a.join();
        b.join();
        a.heartbeat();
        a.heartbeat();
        b.heartbeat();
        for (int i = 0; i < 10; i++) {
            harness.advance(5000);
            a.heartbeat();
        }
        assertThat(a.owned).as("b timed out after 45 s; a took over").isEqualTo(all(0, 1, 2, 3, 4, 5));
        assertThat(b.heartbeat().errorCode()).isEqualTo(GroupError.UNKNOWN_MEMBER_ID.code());
        ConsumerGroupHeartbeatResponseData rejoin = b.join();
        assertThat(rejoin.errorCode())
                .as("a removed member rejoins with epoch 0")
                .isZero();
    }

    @Test
    void memberThatDoesNotRevokeWithinItsRebalanceTimeoutIsRemoved() {
        ConsumerClient a = consumer();
        a.rebalanceTimeoutMs = 20_000;
        a.join();
        ConsumerClient b = consumer();
        b.join();
        a.heartbeatWithoutOwned();
        assertThat(a.owned.size()).isEqualTo(3);
        for (int i = 0; i < 5; i++) {
            harness.advance(5000);
            a.heartbeatWithoutOwned();
            b.heartbeat();
        }
        assertThat(a.last.errorCode()).isEqualTo(GroupError.UNKNOWN_MEMBER_ID.code());
        assertThat(b.owned).isEqualTo(all(0, 1, 2, 3, 4, 5));
    }

    @Test
    void heartbeatAtAnotherEpochIsFencedUnlessItsResponseWasLost() {
        ConsumerClient a = consumer();
        a.join();
        a.epoch = 5;
        assertThat(a.heartbeat().errorCode()).isEqualTo(GroupError.FENCED_MEMBER_EPOCH.code());
        a.epoch = 1;
        ConsumerClient b = consumer();
        b.join();
        a.heartbeat();
        a.heartbeat();
        assertThat(a.epoch).isEqualTo(2);
        // The response that moved a to epoch 2 was lost: it comes back at epoch 1 with a subset of its partitions.
        a.epoch = 1;
        assertThat(a.heartbeat().errorCode()).isZero();
        assertThat(a.epoch).isEqualTo(2);
        a.epoch = 1;
        a.owned = all(0, 1, 2, 3, 4, 5);
        assertThat(a.heartbeat().errorCode())
                .as("claiming partitions it no longer has is fenced")
                .isEqualTo(GroupError.FENCED_MEMBER_EPOCH.code());
        // A fenced member rejoins with epoch 0 and the same member id.
        assertThat(a.join().errorCode()).isZero();
        a.heartbeat();
        b.heartbeat();
        a.heartbeat();
        assertThat(a.owned.size() + b.owned.size()).isEqualTo(6);
        assertThat(a.owned.intersects(b.owned)).isFalse();
    }

    @Test
    void staticMemberThatLeavesTemporarilyGetsItsPartitionsBackWithoutANewEpoch() {
        ConsumerClient a = consumer();
        a.instanceId = "instance-a";
        ConsumerClient b = consumer();
        b.instanceId = "instance-b";
        a.join();
        b.join();
        a.heartbeat();
        a.heartbeat();
        b.heartbeat();
        TopicPartitionSet bPartitions = b.owned;
        int epoch = describe().groupEpoch();

        assertThat(b.leave(-2).memberEpoch()).isEqualTo(-2);
        a.heartbeat();
        assertThat(a.owned.size()).as("b's partitions stay reserved").isEqualTo(3);

        ConsumerClient restarted = consumer();
        restarted.instanceId = "instance-b";
        ConsumerGroupHeartbeatResponseData rejoined = restarted.join();
        assertThat(rejoined.errorCode()).isZero();
        assertThat(restarted.owned).isEqualTo(bPartitions);
        assertThat(describe().groupEpoch()).as("no rebalance").isEqualTo(epoch);
        assertThat(describe().members())
                .extracting(ConsumerGroupDescribeResponseData.Member::memberId)
                .contains(restarted.memberId)
                .doesNotContain(b.memberId);
    }

    @Test
    void staticInstanceStillInUseCannotBeTakenOver() {
        ConsumerClient a = consumer();
        a.instanceId = "instance-a";
        a.join();
        ConsumerClient impostor = consumer();
        impostor.instanceId = "instance-a";
        assertThat(impostor.join().errorCode()).isEqualTo(GroupError.UNRELEASED_INSTANCE_ID.code());
        impostor.epoch = a.epoch;
        assertThat(impostor.send(new ConsumerGroupHeartbeatRequestData()
                                .setGroupId("g")
                                .setMemberId(impostor.memberId)
                                .setInstanceId("instance-a")
                                .setMemberEpoch(a.epoch))
                        .errorCode())
                .isEqualTo(GroupError.FENCED_INSTANCE_ID.code());
    }

    @Test
    void staticMemberThatNeverComesBackIsRemovedAfterTheSessionTimeout() {
        ConsumerClient a = consumer();
        a.instanceId = "instance-a";
        ConsumerClient b = consumer();
        a.join();
        b.join();
        a.heartbeat();
        a.heartbeat();
        b.heartbeat();
        a.leave(-2);
        for (int i = 0; i < 10; i++) {
            harness.advance(5000);
            b.heartbeat();
        }
        assertThat(b.owned).isEqualTo(all(0, 1, 2, 3, 4, 5));
    }

    @Test
    void regularExpressionSubscriptionFollowsTopicCreation() {
        ConsumerClient a = consumer();
        a.regex = "orders-.*";
        Uuid euId = Uuid.randomUuid();
        harness.updateMetadata(TopicsImage.of(List.of(
                TopicMetadata.of(topicId, "topic", 6),
                TopicMetadata.of(euId, "orders-eu", 2),
                TopicMetadata.of(Uuid.randomUuid(), "__orders-internal", 2))));
        a.join();
        assertThat(a.owned).isEqualTo(TopicPartitionSet.of(euId, 0, 1));

        Uuid usId = Uuid.randomUuid();
        harness.updateMetadata(TopicsImage.of(List.of(
                TopicMetadata.of(topicId, "topic", 6),
                TopicMetadata.of(euId, "orders-eu", 2),
                TopicMetadata.of(usId, "orders-us", 3))));
        a.heartbeat();
        assertThat(a.owned).isEqualTo(TopicPartitionSet.of(euId, 0, 1).union(TopicPartitionSet.of(usId, 0, 1, 2)));
        assertThat(describe().members().get(0).subscribedTopicRegex()).isEqualTo("orders-.*");
    }

    @Test
    void addedPartitionsAreAssigned() {
        ConsumerClient a = consumer();
        a.join();
        harness.updateMetadata(TopicsImage.of(List.of(TopicMetadata.of(topicId, "topic", 8))));
        a.heartbeat();
        assertThat(a.owned).isEqualTo(all(0, 1, 2, 3, 4, 5, 6, 7));
    }

    @Test
    void droppingATopicFromTheSubscriptionRevokesItsPartitions() {
        ConsumerClient a = consumer();
        a.topics = List.of("topic", "other");
        a.join();
        assertThat(a.owned.size()).isEqualTo(12);
        ConsumerGroupHeartbeatResponseData response = a.send(new ConsumerGroupHeartbeatRequestData()
                .setGroupId("g")
                .setMemberId(a.memberId)
                .setMemberEpoch(a.epoch)
                .setSubscribedTopicNames(List.of("topic")));
        assertThat(response.memberEpoch()).as("still revoking").isEqualTo(1);
        assertThat(a.owned).isEqualTo(all(0, 1, 2, 3, 4, 5));
        a.heartbeat();
        assertThat(a.epoch).isEqualTo(2);
        assertThat(describe().members().get(0).subscribedTopicNames()).containsExactly("topic");
    }

    @Test
    void theConsumerProtocolCanBeTurnedOff() {
        ShardHarness classicOnly =
                new ShardHarness(Map.of(GroupCoordinatorConfig.GROUP_COORDINATOR_REBALANCE_PROTOCOLS, "classic"));
        ConsumerClient a = new ConsumerClient(classicOnly, "g");
        assertThat(a.join().errorCode()).isEqualTo(GroupError.UNSUPPORTED_VERSION.code());
    }

    @Test
    void invalidRequestsAreRefusedWithTheirErrors() {
        ConsumerClient a = consumer();
        a.regex = "orders-[";
        assertThat(a.join().errorCode()).isEqualTo(GroupError.INVALID_REGULAR_EXPRESSION.code());
        ConsumerClient b = consumer();
        b.assignor = "sticky";
        assertThat(b.join().errorCode()).isEqualTo(GroupError.UNSUPPORTED_ASSIGNOR.code());
        ConsumerClient c = consumer();
        c.rebalanceTimeoutMs = -1;
        assertThat(c.join().errorCode()).isEqualTo(GroupError.INVALID_REQUEST.code());
        assertThat(c.last.errorMessage()).contains("RebalanceTimeoutMs");
        ConsumerClient d = consumer();
        d.epoch = 3;
        assertThat(d.heartbeat().errorCode())
                .as("a member of a group that does not exist rejoins")
                .isEqualTo(GroupError.UNKNOWN_MEMBER_ID.code());
        assertThat(d.leave(-1).errorCode()).isEqualTo(GroupError.GROUP_ID_NOT_FOUND.code());
    }

    @Test
    void versionZeroMembersGetAMemberIdFromTheCoordinator() {
        ConsumerGroupHeartbeatRequestData request = new ConsumerGroupHeartbeatRequestData()
                .setGroupId("g")
                .setMemberId("")
                .setMemberEpoch(0)
                .setRebalanceTimeoutMs(60_000)
                .setSubscribedTopicNames(List.of("topic"))
                .setTopicPartitions(List.of());
        ConsumerGroupHeartbeatResponseData response = harness.call(
                (short) 0, () -> harness.shard.consumerGroupHeartbeat(RequestContext.of(0, "c", "/h"), request));
        assertThat(response.errorCode()).isZero();
        assertThat(response.memberId()).isNotEmpty();
    }

    @Test
    void rangeAssignorChosenByTheMembersAssignsTopicByTopic() {
        ConsumerClient a = consumer();
        ConsumerClient b = consumer();
        a.assignor = "range";
        b.assignor = "range";
        a.topics = List.of("topic", "other");
        b.topics = List.of("topic", "other");
        a.join();
        b.join();
        for (int i = 0; i < 3; i++) {
            a.heartbeat();
            b.heartbeat();
        }
        assertThat(describe().assignorName()).isEqualTo("range");
        ConsumerClient first = a.memberId.compareTo(b.memberId) < 0 ? a : b;
        assertThat(first.owned)
                .isEqualTo(TopicPartitionSet.of(topicId, 0, 1, 2).union(TopicPartitionSet.of(otherId, 0, 1, 2)));
    }

    @Test
    void offsetCommitAndFetchCheckTheMemberEpoch() {
        ConsumerClient a = consumer();
        a.join();
        assertThat(commit(a.memberId, a.epoch, (short) 9)).isZero();
        assertThat(commit(a.memberId, a.epoch + 1, (short) 9)).isEqualTo(GroupError.STALE_MEMBER_EPOCH.code());
        assertThat(commit("someone", a.epoch, (short) 9)).isEqualTo(GroupError.UNKNOWN_MEMBER_ID.code());
        assertThat(commit(a.memberId, a.epoch, (short) 8))
                .as("consumer protocol members commit with v9+")
                .isEqualTo(GroupError.UNSUPPORTED_VERSION.code());
        assertThat(commit("", -1, (short) 9))
                .as("anonymous commits need an empty group")
                .isEqualTo(GroupError.UNKNOWN_MEMBER_ID.code());

        assertThat(fetch(a.memberId, a.epoch).errorCode()).isZero();
        assertThat(fetch(a.memberId, a.epoch)
                        .topics()
                        .get(0)
                        .partitions()
                        .get(0)
                        .committedOffset())
                .isEqualTo(17);
        assertThat(fetch(a.memberId, a.epoch - 1).errorCode()).isEqualTo(GroupError.STALE_MEMBER_EPOCH.code());
        assertThat(fetch("someone", 3).errorCode()).isEqualTo(GroupError.UNKNOWN_MEMBER_ID.code());
        assertThat(fetch(null, -1).errorCode())
                .as("admin fetches need no member")
                .isZero();

        a.leave(-1);
        assertThat(commit("", -1, (short) 9)).as("the group is empty now").isZero();
    }

    private short commit(String memberId, int epoch, short version) {
        OffsetCommitRequestData request = new OffsetCommitRequestData()
                .setGroupId("g")
                .setMemberId(memberId)
                .setGenerationIdOrMemberEpoch(epoch)
                .setTopics(List.of(new OffsetCommitRequestData.OffsetCommitRequestTopic()
                        .setName("topic")
                        .setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
                                .setPartitionIndex(0)
                                .setCommittedOffset(17)))));
        return harness.call(version, () -> harness.shard.commitOffsets(RequestContext.of(version, "c", "/h"), request))
                .topics()
                .get(0)
                .partitions()
                .get(0)
                .errorCode();
    }

    private OffsetFetchResponseData.OffsetFetchResponseGroup fetch(String memberId, int epoch) {
        OffsetFetchRequestData request = new OffsetFetchRequestData()
                .setGroups(List.of(new OffsetFetchRequestData.OffsetFetchRequestGroup()
                        .setGroupId("g")
                        .setMemberId(memberId)
                        .setMemberEpoch(epoch)
                        .setTopics(List.of(new OffsetFetchRequestData.OffsetFetchRequestTopics()
                                .setName("topic")
                                .setPartitionIndexes(List.of(0))))));
        return harness.call((short) 9, () -> harness.shard.fetchOffsets(RequestContext.of(9, "c", "/h"), request))
                .groups()
                .get(0);
    }

    @Test
    void aGroupIdIsEitherClassicOrConsumer() {
        ConsumerClient a = consumer();
        a.join();
        ClassicClient classic = new ClassicClient(harness, "g", "classic", null);
        assertThat(classic.join().errorCode()).isEqualTo(GroupError.INCONSISTENT_GROUP_PROTOCOL.code());

        ClassicClient other = new ClassicClient(harness, "classic-group", "classic", null);
        other.joinAsync();
        ConsumerClient b = new ConsumerClient(harness, "classic-group");
        assertThat(b.join().errorCode()).isEqualTo(GroupError.GROUP_ID_NOT_FOUND.code());

        ConsumerGroupDescribeRequestData request =
                new ConsumerGroupDescribeRequestData().setGroupIds(List.of("classic-group", "missing"));
        ConsumerGroupDescribeResponseData response = harness.call(
                (short) 0, () -> harness.shard.consumerGroupDescribe(RequestContext.of(0, "a", "/a"), request));
        assertThat(response.groups())
                .extracting(ConsumerGroupDescribeResponseData.DescribedGroup::errorCode)
                .containsOnly(GroupError.GROUP_ID_NOT_FOUND.code());
    }

    @Test
    void emptyGroupsChangeProtocolAndKeepTheirOffsets() {
        ClassicClient classic = new ClassicClient(harness, "g", "classic", null);
        var join = classic.joinAsync();
        harness.advance(3000);
        ClassicGroupTest.done(join);
        classic.sync(Map.of(classic.memberId, new byte[0]));
        assertThat(classic.commit("topic", 0, 33)).isZero();
        classic.leave();

        ConsumerClient a = consumer();
        assertThat(a.join().errorCode()).isZero();
        assertThat(fetch(a.memberId, a.epoch)
                        .topics()
                        .get(0)
                        .partitions()
                        .get(0)
                        .committedOffset())
                .isEqualTo(33);
        assertThat(listedTypes()).containsExactly("consumer");

        a.leave(-1);
        ClassicClient back = new ClassicClient(harness, "g", "back", null);
        back.joinAsync();
        assertThat(listedTypes()).containsExactly("classic");
    }

    private List<String> listedTypes() {
        ListGroupsResponseData response = harness.call(
                (short) 5,
                () -> harness.shard.listGroups(RequestContext.of(5, "a", "/a"), new ListGroupsRequestData()));
        List<String> types = new ArrayList<>();
        response.groups().forEach(g -> types.add(g.groupType()));
        return types;
    }

    @Test
    void describeShowsMembersWithCurrentAndTargetAssignments() {
        ConsumerClient a = consumer();
        a.instanceId = "instance-a";
        a.join();
        ConsumerClient b = consumer();
        b.join();
        ConsumerGroupDescribeResponseData.DescribedGroup group = describe();
        assertThat(group.groupEpoch()).isEqualTo(2);
        assertThat(group.assignmentEpoch()).isEqualTo(2);
        assertThat(group.assignorName()).isEqualTo("uniform");
        ConsumerGroupDescribeResponseData.Member describedA = group.members().stream()
                .filter(m -> m.memberId().equals(a.memberId))
                .findFirst()
                .orElseThrow();
        assertThat(describedA.instanceId()).isEqualTo("instance-a");
        assertThat(describedA.memberEpoch()).isEqualTo(1);
        assertThat(describedA.memberType()).isEqualTo((byte) 1);
        assertThat(describedA.subscribedTopicNames()).containsExactly("topic");
        assertThat(describedA.assignment().topicPartitions().get(0).partitions())
                .hasSize(6);
        assertThat(describedA.assignment().topicPartitions().get(0).topicName()).isEqualTo("topic");
        assertThat(describedA.targetAssignment().topicPartitions().get(0).partitions())
                .hasSize(3);
        assertThat(group.groupState()).isEqualTo("Reconciling");
    }

    @Test
    void classicJoinNeverSeesConsumerMembers() {
        ConsumerClient a = consumer();
        a.join();
        ClassicClient classic = new ClassicClient(harness, "g", "classic", null);
        classic.memberId = a.memberId;
        classic.generation = 1;
        assertThat(classic.heartbeat()).isEqualTo(GroupError.UNKNOWN_MEMBER_ID.code());
        JoinGroupResponseData join = classic.join();
        assertThat(join.errorCode()).isEqualTo(GroupError.INCONSISTENT_GROUP_PROTOCOL.code());
    }
}
