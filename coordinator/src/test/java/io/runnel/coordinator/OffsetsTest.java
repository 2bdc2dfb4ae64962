package io.runnel.coordinator;

import static io.runnel.coordinator.ClassicGroupTest.done;
import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.common.Uuid;
import io.runnel.protocol.message.DeleteGroupsRequestData;
import io.runnel.protocol.message.DeleteGroupsResponseData;
import io.runnel.protocol.message.JoinGroupResponseData;
import io.runnel.protocol.message.ListGroupsRequestData;
import io.runnel.protocol.message.ListGroupsResponseData;
import io.runnel.protocol.message.OffsetCommitRequestData;
import io.runnel.protocol.message.OffsetCommitResponseData;
import io.runnel.protocol.message.OffsetDeleteRequestData;
import io.runnel.protocol.message.OffsetDeleteResponseData;
import io.runnel.protocol.message.OffsetFetchRequestData;
import io.runnel.protocol.message.OffsetFetchResponseData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class OffsetsTest {

    private static final long DAY = 24 * 60 * 60 * 1000L;
    private static final RequestContext ADMIN = RequestContext.of(8, "admin", "/127.0.0.1");

    private final Uuid topicId = Uuid.randomUuid();
    private final ShardHarness harness = new ShardHarness(
            GroupCoordinatorConfig.of(Map.of(GroupCoordinatorConfig.OFFSET_METADATA_MAX_BYTES, "10")),
            TopicsImage.of(List.of(TopicMetadata.of(topicId, "topic", 6))));

    private ClassicClient stableMember(String groupId) {
        ClassicClient c = new ClassicClient(harness, groupId, "c", null);
        c.sessionTimeoutMs = 30 * 60_000;
        CompletableFuture<JoinGroupResponseData> join = c.joinAsync();
        harness.advance(3000);
        done(join);
        c.sync(Map.of(c.memberId, new byte[] {1}));
        return c;
    }

    private OffsetCommitResponseData commit(
            short version,
            String groupId,
            int generation,
            String memberId,
            String topic,
            int p,
            long offset,
            String metadata) {
        OffsetCommitRequestData request = new OffsetCommitRequestData()
                .setGroupId(groupId)
                .setGenerationIdOrMemberEpoch(generation)
                .setMemberId(memberId)
                .setTopics(List.of(new OffsetCommitRequestData.OffsetCommitRequestTopic()
                        .setName(topic)
                        .setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
                                .setPartitionIndex(p)
                                .setCommittedOffset(offset)
                                .setCommittedLeaderEpoch(7)
                                .setCommittedMetadata(metadata)))));
        return harness.call(version, () -> harness.shard.commitOffsets(RequestContext.of(version, "c", "/h"), request));
    }

    private short simpleCommit(String groupId, String topic, int p, long offset) {
        return commit((short) 8, groupId, -1, "", topic, p, offset, "")
                .topics()
                .get(0)
                .partitions()
                .get(0)
                .errorCode();
    }

    private OffsetFetchResponseData.OffsetFetchResponseGroup fetch(
            String groupId, String topic, Integer... partitions) {
        OffsetFetchRequestData request = new OffsetFetchRequestData()
                .setGroups(List.of(new OffsetFetchRequestData.OffsetFetchRequestGroup()
                        .setGroupId(groupId)
                        .setTopics(
                                topic == null
                                        ? null
                                        : List.of(new OffsetFetchRequestData.OffsetFetchRequestTopics()
                                                .setName(topic)
                                                .setPartitionIndexes(List.of(partitions))))));
        return harness.call((short) 8, () -> harness.shard.fetchOffsets(ADMIN, request))
                .groups()
                .get(0);
    }

    private long committed(String groupId, String topic, int partition) {
        return fetch(groupId, topic, partition)
                .topics()
                .get(0)
                .partitions()
                .get(0)
                .committedOffset();
    }

    @Test
    void memberCommitsAtItsGenerationAndFetchReturnsOffsetEpochAndMetadata() {
        ClassicClient c = stableMember("g");
        OffsetCommitResponseData response = commit((short) 8, "g", c.generation, c.memberId, "topic", 2, 42, "meta");
        assertThat(response.topics().get(0).partitions().get(0).errorCode()).isZero();

        OffsetFetchResponseData.OffsetFetchResponsePartitions p =
                fetch("g", "topic", 2, 3).topics().get(0).partitions().get(0);
        assertThat(p.committedOffset()).isEqualTo(42);
        assertThat(p.committedLeaderEpoch()).isEqualTo(7);
        assertThat(p.metadata()).isEqualTo("meta");
        OffsetFetchResponseData.OffsetFetchResponsePartitions missing =
                fetch("g", "topic", 2, 3).topics().get(0).partitions().get(1);
        assertThat(missing.committedOffset()).isEqualTo(-1);
        assertThat(missing.metadata()).isEmpty();
        assertThat(missing.errorCode()).isZero();
    }

    @Test
    void commitsAreCheckedAgainstTheGenerationAndTheMember() {
        ClassicClient c = stableMember("g");
        assertThat(commit((short) 8, "g", c.generation + 1, c.memberId, "topic", 0, 1, "")
                        .topics()
                        .get(0)
                        .partitions()
                        .get(0)
                        .errorCode())
                .isEqualTo(GroupError.ILLEGAL_GENERATION.code());
        assertThat(commit((short) 8, "g", c.generation, "intruder", "topic", 0, 1, "")
                        .topics()
                        .get(0)
                        .partitions()
                        .get(0)
                        .errorCode())
                .isEqualTo(GroupError.UNKNOWN_MEMBER_ID.code());
        assertThat(simpleCommit("g", "topic", 0, 1))
                .as("anonymous commits are refused while the group has members")
                .isEqualTo(GroupError.UNKNOWN_MEMBER_ID.code());
        assertThat(committed("g", "topic", 0)).isEqualTo(-1);
    }

    @Test
    void commitWhileTheGroupAwaitsItsAssignmentIsToldToRebalance() {
        ClassicClient c = new ClassicClient(harness, "g", "c", null);
        CompletableFuture<JoinGroupResponseData> join = c.joinAsync();
        harness.advance(3000);
        done(join);
        assertThat(c.commit("topic", 0, 5)).isEqualTo(GroupError.REBALANCE_IN_PROGRESS.code());
    }

    @Test
    void commitsDuringAPreparingRebalanceAreAcceptedFromTheCurrentGeneration() {
        ClassicClient c = stableMember("g");
        new ClassicClient(harness, "g", "d", null).joinAsync();
        assertThat(c.commit("topic", 0, 5))
                .as("revoking consumers commit before rejoining")
                .isZero();
        assertThat(committed("g", "topic", 0)).isEqualTo(5);
    }

    @Test
    void simpleCommitsWorkForUnknownAndEmptyGroups() {
        assertThat(simpleCommit("simple", "topic", 1, 100)).isZero();
        assertThat(committed("simple", "topic", 1)).isEqualTo(100);

        ClassicClient c = stableMember("g");
        c.leave();
        assertThat(simpleCommit("g", "topic", 0, 7))
                .as("the group is empty now")
                .isZero();
        assertThat(committed("g", "topic", 0)).isEqualTo(7);
    }

    @Test
    void commitWithAGenerationToAGroupThatDoesNotExistIsRefused() {
        assertThat(commit((short) 8, "nope", 3, "m", "topic", 0, 1, "")
                        .topics()
                        .get(0)
                        .partitions()
                        .get(0)
                        .errorCode())
                .isEqualTo(GroupError.ILLEGAL_GENERATION.code());
        assertThat(commit((short) 9, "nope", 3, "m", "topic", 0, 1, "")
                        .topics()
                        .get(0)
                        .partitions()
                        .get(0)
                        .errorCode())
                .isEqualTo(GroupError.GROUP_ID_NOT_FOUND.code());
    }

    @Test
    void metadataOverTheLimitFailsOnlyItsPartition() {
        OffsetCommitRequestData request = new OffsetCommitRequestData()
                .setGroupId("g")
                .setTopics(List.of(new OffsetCommitRequestData.OffsetCommitRequestTopic()
                        .setName("topic")
                        .setPartitions(List.of(
                                new OffsetCommitRequestData.OffsetCommitRequestPartition()
                                        .setPartitionIndex(0)
                                        .setCommittedOffset(1)
                                        .setCommittedMetadata("0123456789"),
                                new OffsetCommitRequestData.OffsetCommitRequestPartition()
                                        .setPartitionIndex(1)
                                        .setCommittedOffset(1)
                                        .setCommittedMetadata("01234567890")))));
        OffsetCommitResponseData response = harness.call((short) 8, () -> harness.shard.commitOffsets(ADMIN, request));
        assertThat(response.topics().get(0).partitions())
                .extracting(OffsetCommitResponseData.OffsetCommitResponsePartition::errorCode)
                .containsExactly(GroupError.NONE.code(), GroupError.OFFSET_METADATA_TOO_LARGE.code());
        assertThat(committed("g", "topic", 0)).isEqualTo(1);
        assertThat(committed("g", "topic", 1)).isEqualTo(-1);
    }

    @Test
    void fetchOfAllTopicsAndOfSeveralGroupsAtOnce() {
        simpleCommit("g1", "topic", 0, 10);
        simpleCommit("g1", "other", 3, 30);
        simpleCommit("g2", "topic", 1, 20);
        OffsetFetchResponseData.OffsetFetchResponseGroup all = fetch("g1", null);
        assertThat(all.topics())
                .extracting(OffsetFetchResponseData.OffsetFetchResponseTopics::name)
                .containsExactly("other", "topic");

        OffsetFetchRequestData request = new OffsetFetchRequestData()
                .setRequireStable(true)
                .setGroups(List.of(
                        new OffsetFetchRequestData.OffsetFetchRequestGroup()
                                .setGroupId("g1")
                                .setTopics(null),
                        new OffsetFetchRequestData.OffsetFetchRequestGroup()
                                .setGroupId("g2")
                                .setTopics(List.of(new OffsetFetchRequestData.OffsetFetchRequestTopics()
                                        .setName("topic")
                                        .setPartitionIndexes(List.of(1))))));
        OffsetFetchResponseData response = harness.call((short) 9, () -> harness.shard.fetchOffsets(ADMIN, request));
        assertThat(response.groups())
                .extracting(OffsetFetchResponseData.OffsetFetchResponseGroup::groupId)
                .containsExactly("g1", "g2");
        assertThat(response.groups().get(1).topics().get(0).partitions().get(0).committedOffset())
                .isEqualTo(20);
    }

    @Test
    void fetchBeforeVersionEightUsesTheSingleGroupLayout() {
        simpleCommit("g", "topic", 0, 10);
        for (short version = 1; version <= 7; version++) {
            OffsetFetchRequestData request = new OffsetFetchRequestData()
                    .setGroupId("g")
                    .setTopics(List.of(new OffsetFetchRequestData.OffsetFetchRequestTopic()
                            .setName("topic")
                            .setPartitionIndexes(List.of(0))));
            short v = version;
            OffsetFetchResponseData response =
                    harness.call(v, () -> harness.shard.fetchOffsets(RequestContext.of(v, "c", "/h"), request));
            assertThat(response.topics().get(0).partitions().get(0).committedOffset())
                    .as("version " + v)
                    .isEqualTo(10);
        }
    }

    @Test
    void topicIdsOfVersionTenAreResolvedThroughTheMetadataImage() {
        Uuid unknown = Uuid.randomUuid();
        OffsetCommitRequestData request = new OffsetCommitRequestData()
                .setGroupId("g")
                .setTopics(List.of(
                        new OffsetCommitRequestData.OffsetCommitRequestTopic()
                                .setTopicId(topicId)
                                .setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
                                        .setPartitionIndex(0)
                                        .setCommittedOffset(11))),
                        new OffsetCommitRequestData.OffsetCommitRequestTopic()
                                .setTopicId(unknown)
                                .setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
                                        .setPartitionIndex(0)
                                        .setCommittedOffset(11)))));
        OffsetCommitResponseData response =
                harness.call((short) 10, () -> harness.shard.commitOffsets(RequestContext.of(10, "c", "/h"), request));
        assertThat(response.topics().get(0).partitions().get(0).errorCode()).isZero();
        assertThat(response.topics().get(1).partitions().get(0).errorCode())
                .isEqualTo(GroupError.UNKNOWN_TOPIC_ID.code());
        assertThat(committed("g", "topic", 0))
                .as("stored under the topic's name")
                .isEqualTo(11);

        OffsetFetchRequestData fetch = new OffsetFetchRequestData()
                .setGroups(List.of(new OffsetFetchRequestData.OffsetFetchRequestGroup()
                        .setGroupId("g")
                        .setTopics(List.of(new OffsetFetchRequestData.OffsetFetchRequestTopics()
                                .setTopicId(topicId)
                                .setPartitionIndexes(List.of(0))))));
        OffsetFetchResponseData fetched =
                harness.call((short) 10, () -> harness.shard.fetchOffsets(RequestContext.of(10, "c", "/h"), fetch));
        assertThat(fetched.groups().get(0).topics().get(0).topicId()).isEqualTo(topicId);
        assertThat(fetched.groups().get(0).topics().get(0).partitions().get(0).committedOffset())
                .isEqualTo(11);
    }

    @Test
    void offsetDeleteRefusesTopicsTheGroupSubscribesToAndDeletesTheOthers() {
        ClassicClient c = stableMember("g");
        c.commit("topic", 0, 5);
        c.commit("old-topic", 0, 6);
        OffsetDeleteRequestData request = new OffsetDeleteRequestData()
                .setGroupId("g")
                .setTopics(List.of(
                        new OffsetDeleteRequestData.OffsetDeleteRequestTopic()
                                .setName("topic")
                                .setPartitions(List.of(new OffsetDeleteRequestData.OffsetDeleteRequestPartition()
                                        .setPartitionIndex(0))),
                        new OffsetDeleteRequestData.OffsetDeleteRequestTopic()
                                .setName("old-topic")
                                .setPartitions(List.of(new OffsetDeleteRequestData.OffsetDeleteRequestPartition()
                                        .setPartitionIndex(0)))));
        OffsetDeleteResponseData response =
                harness.call((short) 0, () -> harness.shard.deleteOffsets(RequestContext.of(0, "a", "/a"), request));
        assertThat(response.errorCode()).isZero();
        assertThat(response.topics().get(0).partitions().get(0).errorCode())
                .isEqualTo(GroupError.GROUP_SUBSCRIBED_TO_TOPIC.code());
        assertThat(response.topics().get(1).partitions().get(0).errorCode()).isZero();
        assertThat(committed("g", "topic", 0)).isEqualTo(5);
        assertThat(committed("g", "old-topic", 0)).isEqualTo(-1);

        OffsetDeleteRequestData unknown = new OffsetDeleteRequestData().setGroupId("nope");
        assertThat(harness.call((short) 0, () -> harness.shard.deleteOffsets(RequestContext.of(0, "a", "/a"), unknown))
                        .errorCode())
                .isEqualTo(GroupError.GROUP_ID_NOT_FOUND.code());
    }

    @Test
    void subscriptionsEncodedByTheJavaClientAreUnderstood() {
        java.nio.ByteBuffer encoded =
                org.apache.kafka.clients.consumer.internals.ConsumerProtocol.serializeSubscription(
                        new org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription(
                                List.of("orders", "payments"),
                                java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}),
                                List.of(new org.apache.kafka.common.TopicPartition("orders", 0)),
                                4,
                                java.util.Optional.of("rack-1")));
        byte[] metadata = new byte[encoded.remaining()];
        encoded.get(metadata);
        ClassicClient c =
                new ClassicClient(harness, "g", "java", null).withProtocols(Map.of("cooperative-sticky", metadata));
        c.sessionTimeoutMs = 30 * 60_000;
        CompletableFuture<JoinGroupResponseData> join = c.joinAsync();
        harness.advance(3000);
        done(join);
        c.sync(Map.of(c.memberId, new byte[0]));
        c.commit("orders", 0, 1);
        c.commit("history", 0, 1);
        OffsetDeleteRequestData request = new OffsetDeleteRequestData()
                .setGroupId("g")
                .setTopics(List.of(
                        new OffsetDeleteRequestData.OffsetDeleteRequestTopic()
                                .setName("orders")
                                .setPartitions(List.of(new OffsetDeleteRequestData.OffsetDeleteRequestPartition()
                                        .setPartitionIndex(0))),
                        new OffsetDeleteRequestData.OffsetDeleteRequestTopic()
                                .setName("history")
                                .setPartitions(List.of(new OffsetDeleteRequestData.OffsetDeleteRequestPartition()
                                        .setPartitionIndex(0)))));
        OffsetDeleteResponseData response =
                harness.call((short) 0, () -> harness.shard.deleteOffsets(RequestContext.of(0, "a", "/a"), request));
        assertThat(response.topics().get(0).partitions().get(0).errorCode())
                .isEqualTo(GroupError.GROUP_SUBSCRIBED_TO_TOPIC.code());
        assertThat(response.topics().get(1).partitions().get(0).errorCode()).isZero();
    }

    @Test
    void deleteGroupsRefusesGroupsWithMembersAndRemovesEmptyOnesWithTheirOffsets() {
        ClassicClient c = stableMember("busy");
        c.commit("topic", 0, 1);
        simpleCommit("idle", "topic", 0, 2);
        DeleteGroupsRequestData request =
                new DeleteGroupsRequestData().setGroupsNames(List.of("busy", "idle", "never-existed"));
        DeleteGroupsResponseData response =
                harness.call((short) 2, () -> harness.shard.deleteGroups(RequestContext.of(2, "a", "/a"), request));
        assertThat(response.results())
                .extracting(DeleteGroupsResponseData.DeletableGroupResult::errorCode)
                .containsExactly(
                        GroupError.NON_EMPTY_GROUP.code(),
                        GroupError.NONE.code(),
                        GroupError.GROUP_ID_NOT_FOUND.code());
        assertThat(committed("idle", "topic", 0)).isEqualTo(-1);
        assertThat(committed("busy", "topic", 0)).isEqualTo(1);
        assertThat(listGroupIds()).containsExactly("busy");

        c.leave();
        DeleteGroupsRequestData again = new DeleteGroupsRequestData().setGroupsNames(List.of("busy"));
        assertThat(harness.call((short) 2, () -> harness.shard.deleteGroups(RequestContext.of(2, "a", "/a"), again))
                        .results()
                        .get(0)
                        .errorCode())
                .isZero();
        assertThat(listGroupIds()).isEmpty();
    }

    private List<String> listGroupIds() {
        ListGroupsResponseData response = harness.call(
                (short) 5,
                () -> harness.shard.listGroups(RequestContext.of(5, "a", "/a"), new ListGroupsRequestData()));
        List<String> ids = new ArrayList<>();
        response.groups().forEach(g -> ids.add(g.groupId()));
        return ids;
    }

    @Test
    void offsetsOfAGroupThatBecameEmptyExpireOneRetentionPeriodLaterAndTheGroupGoesWithThem() {
        ClassicClient c = stableMember("g");
        c.commit("topic", 0, 5);
        keepAlive(c, 2 * DAY);
        c.leave();
        harness.advance(7 * DAY - 20 * 60_000L);
        assertThat(committed("g", "topic", 0))
                .as("the retention counts from when the group emptied")
                .isEqualTo(5);
        harness.advance(30 * 60_000L);
        assertThat(committed("g", "topic", 0)).isEqualTo(-1);
        assertThat(listGroupIds())
                .as("an empty group without offsets is deleted")
                .isEmpty();
    }

    @Test
    void offsetsOfAGroupWithMembersDoNotExpire() {
        ClassicClient c = stableMember("g");
        c.commit("topic", 0, 5);
        keepAlive(c, 8 * DAY);
        assertThat(committed("g", "topic", 0)).isEqualTo(5);
    }

    /** Heartbeats every 20 minutes (the session is 30) for {@code ms}. */
    private void keepAlive(ClassicClient c, long ms) {
        for (long t = 0; t < ms; t += 20 * 60_000L) {
            harness.advance(20 * 60_000L);
            assertThat(c.heartbeat()).isZero();
        }
    }

    @Test
    void simpleGroupOffsetsExpireByCommitTimeAndExplicitRetentionIsHonoured() {
        simpleCommit("simple", "topic", 0, 1);
        harness.advance(3 * DAY);
        simpleCommit("simple", "topic", 1, 2);
        OffsetCommitRequestData v2 = new OffsetCommitRequestData()
                .setGroupId("simple")
                .setGenerationIdOrMemberEpoch(-1)
                .setRetentionTimeMs(DAY)
                .setTopics(List.of(new OffsetCommitRequestData.OffsetCommitRequestTopic()
                        .setName("topic")
                        .setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
                                .setPartitionIndex(2)
                                .setCommittedOffset(3)))));
        harness.call((short) 2, () -> harness.shard.commitOffsets(RequestContext.of(2, "c", "/h"), v2));
        harness.advance(DAY + 15 * 60_000L);
        assertThat(committed("simple", "topic", 2))
                .as("explicit one-day retention")
                .isEqualTo(-1);
        assertThat(committed("simple", "topic", 0)).isEqualTo(1);
        harness.advance(3 * DAY);
        assertThat(committed("simple", "topic", 0))
                .as("committed seven days ago")
                .isEqualTo(-1);
        assertThat(committed("simple", "topic", 1)).isEqualTo(2);
    }

    @Test
    void responsesWaitUntilTheirRecordsAreCommitted() {
        harness.holdCommits();
        OffsetCommitRequestData request = new OffsetCommitRequestData()
                .setGroupId("g")
                .setTopics(List.of(new OffsetCommitRequestData.OffsetCommitRequestTopic()
                        .setName("topic")
                        .setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
                                .setPartitionIndex(0)
                                .setCommittedOffset(9)))));
        CompletableFuture<OffsetCommitResponseData> commit =
                harness.submit((short) 8, () -> harness.shard.commitOffsets(ADMIN, request));
        OffsetFetchRequestData fetchRequest = new OffsetFetchRequestData()
                .setGroups(List.of(new OffsetFetchRequestData.OffsetFetchRequestGroup()
                        .setGroupId("g")
                        .setTopics(null)));
        CompletableFuture<OffsetFetchResponseData> fetch =
                harness.submit((short) 8, () -> harness.shard.fetchOffsets(ADMIN, fetchRequest));
        assertThat(commit).as("the commit is not durable yet").isNotDone();
        assertThat(fetch).as("a read of uncommitted state waits too").isNotDone();
        harness.commitAll();
        assertThat(done(commit).topics().get(0).partitions().get(0).errorCode()).isZero();
        assertThat(done(fetch)
                        .groups()
                        .get(0)
                        .topics()
                        .get(0)
                        .partitions()
                        .get(0)
                        .committedOffset())
                .isEqualTo(9);
    }

    @Test
    void deletedTopicsTakeTheirOffsetsWithThem() {
        simpleCommit("g", "topic", 0, 1);
        simpleCommit("g", "gone", 0, 2);
        harness.append(harness.shard.onTopicsDeleted(List.of("gone")));
        assertThat(committed("g", "gone", 0)).isEqualTo(-1);
        assertThat(committed("g", "topic", 0)).isEqualTo(1);
    }

    @Test
    void unloadAnswersWaitingRequestsWithNotCoordinator() {
        ClassicClient c = new ClassicClient(harness, "g", "c", null);
        CompletableFuture<JoinGroupResponseData> join = c.joinAsync();
        assertThat(join).isNotDone();
        harness.shard.unload();
        assertThat(done(join).errorCode()).isEqualTo(GroupError.NOT_COORDINATOR.code());
        assertThat(simpleCommit("g", "topic", 0, 1)).isEqualTo(GroupError.NOT_COORDINATOR.code());
    }
}
