package io.runnel.coordinator;

import static io.runnel.coordinator.ClassicGroupTest.done;
import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.common.Uuid;
import io.runnel.coordinator.record.CoordinatorRecord;
import io.runnel.coordinator.record.LegacyRecordWriter;
import io.runnel.coordinator.record.RecordSerde;
import io.runnel.protocol.message.ConsumerGroupDescribeRequestData;
import io.runnel.protocol.message.ConsumerGroupDescribeResponseData;
import io.runnel.protocol.message.DeleteGroupsRequestData;
import io.runnel.protocol.message.DeleteGroupsResponseData;
import io.runnel.protocol.message.DescribeGroupsRequestData;
import io.runnel.protocol.message.JoinGroupResponseData;
import io.runnel.protocol.message.ListGroupsRequestData;
import io.runnel.protocol.message.ListGroupsResponseData;
import io.runnel.protocol.message.OffsetFetchRequestData;
import io.runnel.protocol.message.OffsetFetchResponseData;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The shard's state is exactly what its records say: replaying them, compacted or not, gives the same groups. */
class ReplayTest {

    private final Uuid topicId = Uuid.randomUuid();
    private final ShardHarness harness = new ShardHarness(
            GroupCoordinatorConfig.defaults(), TopicsImage.of(List.of(TopicMetadata.of(topicId, "topic", 6))));
    private ClassicClient stableLeader;
    private ClassicClient stableStatic;
    private ConsumerClient consumerA;
    private ConsumerClient consumerB;

    /** Builds groups in every interesting state. */
    private void buildState() {
        stableLeader = new ClassicClient(harness, "stable", "leader", null);
        stableStatic = new ClassicClient(harness, "stable", "static", "instance-1");
        CompletableFuture<JoinGroupResponseData> j1 = stableLeader.joinAsync();
        CompletableFuture<JoinGroupResponseData> j2 = stableStatic.joinAsync();
        harness.advance(6000);
        done(j1);
        done(j2);
        Map<String, byte[]> assignment = new LinkedHashMap<>();
        assignment.put(stableLeader.memberId, new byte[] {1});
        assignment.put(stableStatic.memberId, new byte[] {2});
        ClassicClient leader = done(j1).leader().equals(stableLeader.memberId) ? stableLeader : stableStatic;
        ClassicClient follower = leader == stableLeader ? stableStatic : stableLeader;
        CompletableFuture<?> followerSync = follower.syncAsync(Map.of());
        leader.sync(assignment);
        done(followerSync);
        assertThat(stableLeader.commit("topic", 0, 100)).isZero();
        assertThat(stableStatic.commit("topic", 1, 200)).isZero();

        ClassicClient emptied = new ClassicClient(harness, "emptied", "e", null);
        CompletableFuture<JoinGroupResponseData> j3 = emptied.joinAsync();
        harness.advance(3000);
        done(j3);
        emptied.sync(Map.of(emptied.memberId, new byte[0]));
        assertThat(emptied.commit("topic", 2, 300)).isZero();
        emptied.leave();

        ClassicClient preparing = new ClassicClient(harness, "preparing", "p", null);
        preparing.protocolType = "connect";
        preparing.protocols = Map.of("sessioned", new byte[] {7, 7});
        preparing.joinAsync();

        new ClassicClient(harness, "simple", "s", null).commit("topic", 3, 400, (short) 8);

        consumerA = new ConsumerClient(harness, "cg");
        consumerB = new ConsumerClient(harness, "cg");
        consumerB.instanceId = "static-b";
        consumerA.join();
        consumerB.join();
        consumerA.heartbeat(); // a is now revoking
        stableLeader.heartbeat();
        stableStatic.heartbeat();
    }

    /** Everything a client or admin can observe, encoded, so equal bytes mean equal state. */
    private Map<String, ByteBuffer> observe(ShardHarness h) {
        Map<String, ByteBuffer> seen = new LinkedHashMap<>();
        RequestContext admin = RequestContext.of(5, "admin", "/a");
        ListGroupsResponseData list = h.call((short) 5, () -> h.shard.listGroups(admin, new ListGroupsRequestData()));
        seen.put("list", encode(list, (short) 5));
        List<String> ids = new ArrayList<>();
        list.groups().forEach(g -> ids.add(g.groupId()));
        assertThat(ids).containsExactly("cg", "emptied", "preparing", "simple", "stable");

        DescribeGroupsRequestData describe = new DescribeGroupsRequestData().setGroups(ids);
        seen.put("describe", encode(h.call((short) 5, () -> h.shard.describeGroups(admin, describe)), (short) 5));
        ConsumerGroupDescribeRequestData cgDescribe = new ConsumerGroupDescribeRequestData().setGroupIds(List.of("cg"));
        seen.put(
                "consumer-describe",
                encode(
                        h.call(
                                (short) 1,
                                () -> h.shard.consumerGroupDescribe(RequestContext.of(1, "a", "/a"), cgDescribe)),
                        (short) 1));
        OffsetFetchRequestData fetch = new OffsetFetchRequestData();
        for (String id : ids) {
            fetch.groups()
                    .add(new OffsetFetchRequestData.OffsetFetchRequestGroup()
                            .setGroupId(id)
                            .setTopics(null));
        }
        OffsetFetchResponseData offsets =
                h.call((short) 8, () -> h.shard.fetchOffsets(RequestContext.of(8, "a", "/a"), fetch));
        seen.put("offsets", encode(offsets, (short) 8));
        return seen;
    }

    private static ByteBuffer encode(io.runnel.protocol.ApiMessage message, short version) {
        io.netty.buffer.ByteBuf buf = io.netty.buffer.Unpooled.buffer();
        message.write(buf, version);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        return ByteBuffer.wrap(bytes);
    }

    @Test
    void aReloadedShardShowsTheSameGroupsMembersAssignmentsAndOffsets() {
        buildState();
        Map<String, ByteBuffer> before = observe(harness);
        ShardHarness reloaded = harness.reload();
        assertThat(observe(reloaded)).isEqualTo(before);
    }

    @Test
    void aCompactedPartitionReplaysToTheSameState() {
        buildState();
        Map<String, ByteBuffer> before = observe(harness);
        harness.commitAll();
        // Keep the last record of each key, in log order, and drop keys whose last record is a tombstone.
        Map<ByteBuffer, byte[][]> last = new LinkedHashMap<>();
        for (byte[][] record : harness.log) {
            ByteBuffer key = ByteBuffer.wrap(record[0]);
            last.remove(key);
            last.put(key, record);
        }
        List<byte[][]> compacted = new ArrayList<>();
        last.values().stream().filter(r -> r[1] != null).forEach(compacted::add);
        assertThat(compacted.size()).isLessThan(harness.log.size());
        harness.log.clear();
        harness.log.addAll(compacted);
        ShardHarness reloaded = harness.reload();
        assertThat(observe(reloaded)).isEqualTo(before);
    }

    @Test
    void aPartitionWrittenInTheLegacyLayoutReplaysToTheSameStateAndIsRewrittenInKafkasFormat() {
        buildState();
        Map<String, ByteBuffer> before = observe(harness);
        harness.commitAll();
        rewriteInLegacyLayout(harness.log);
        int legacyRecords = harness.log.size();
        ShardHarness reloaded = harness.reload();
        assertThat(observe(reloaded)).isEqualTo(before);
        assertThat(reloaded.log.subList(legacyRecords, reloaded.log.size()))
                .as("the loaded state restated in Kafka's format, each record followed by its legacy key's tombstone")
                .isNotEmpty()
                .allSatisfy(r -> assertThat(legacy(r[0])).isEqualTo(r[1] == null));

        List<byte[][]> compacted = compact(reloaded.log);
        assertThat(compacted).as("the cleaner leaves no legacy record").noneMatch(r -> legacy(r[0]));
        reloaded.log.clear();
        reloaded.log.addAll(compacted);
        ShardHarness again = reloaded.reload();
        assertThat(observe(again)).isEqualTo(before);
        assertThat(again.log).hasSameSizeAs(compacted);
    }

    @Test
    void stateLoadedInTheLegacyLayoutStaysDeletedOnceCompactionDropsTheTombstones() {
        buildState();
        harness.commitAll();
        rewriteInLegacyLayout(harness.log);
        ShardHarness reloaded = harness.reload();
        DeleteGroupsResponseData deleted = reloaded.call(
                (short) 2,
                () -> reloaded.shard.deleteGroups(
                        RequestContext.of(2, "admin", "/a"),
                        new DeleteGroupsRequestData().setGroupsNames(List.of("simple", "emptied"))));
        deleted.results().forEach(r -> assertThat(r.errorCode()).isZero());
        rebind(consumerB, reloaded).leave(-1);

        List<byte[][]> compacted = compact(reloaded.log);
        reloaded.log.clear();
        reloaded.log.addAll(compacted);
        ShardHarness again = reloaded.reload();
        List<String> ids = new ArrayList<>();
        again.call(
                        (short) 5,
                        () -> again.shard.listGroups(RequestContext.of(5, "a", "/a"), new ListGroupsRequestData()))
                .groups()
                .forEach(g -> ids.add(g.groupId()));
        assertThat(ids).containsExactly("cg", "preparing", "stable");
        ConsumerGroupDescribeResponseData cg = again.call(
                (short) 1,
                () -> again.shard.consumerGroupDescribe(
                        RequestContext.of(1, "a", "/a"),
                        new ConsumerGroupDescribeRequestData().setGroupIds(List.of("cg"))));
        assertThat(cg.groups().get(0).members())
                .as("the member that left stays gone")
                .extracting(ConsumerGroupDescribeResponseData.Member::memberId)
                .containsExactly(consumerA.memberId);
    }

    /** What the cleaner leaves: the last record of each key, in log order, without tombstones. */
    private static List<byte[][]> compact(List<byte[][]> log) {
        Map<ByteBuffer, byte[][]> last = new LinkedHashMap<>();
        for (byte[][] record : log) {
            ByteBuffer key = ByteBuffer.wrap(record[0]);
            last.remove(key);
            last.put(key, record);
        }
        List<byte[][]> compacted = new ArrayList<>();
        last.values().stream().filter(r -> r[1] != null).forEach(compacted::add);
        return compacted;
    }

    private final RecordSerde serde = new RecordSerde();

    private void rewriteInLegacyLayout(List<byte[][]> log) {
        LegacyRecordWriter legacy = new LegacyRecordWriter();
        for (int i = 0; i < log.size(); i++) {
            CoordinatorRecord record = serde.deserialize(log.get(i)[0], log.get(i)[1]);
            log.set(i, new byte[][] {legacy.serializeKey(record.key()), legacy.serializeValue(record.value())});
        }
        assertThat(log).allSatisfy(r -> assertThat(legacy(r[0])).isTrue());
    }

    private boolean legacy(byte[] key) {
        return serde.deserialize(key, null).legacyFormat();
    }

    @Test
    void groupsCarryOnAfterAReload() {
        buildState();
        ShardHarness reloaded = harness.reload();
        ClassicClient leader = rebind(stableLeader, reloaded);
        assertThat(leader.heartbeat()).as("the stable member carries on").isZero();

        ClassicClient restarted = new ClassicClient(reloaded, "stable", "static", "instance-1");
        JoinGroupResponseData rejoin = restarted.join();
        assertThat(rejoin.generationId())
                .as("static restart after reload: no rebalance")
                .isEqualTo(stableLeader.generation);

        ConsumerClient a = rebind(consumerA, reloaded);
        a.heartbeat();
        assertThat(a.epoch)
                .as("a finishes its revocation and reaches the new epoch")
                .isEqualTo(2);
        ConsumerClient b = rebind(consumerB, reloaded);
        b.heartbeat();
        assertThat(a.owned.size() + b.owned.size()).isEqualTo(6);

        // Sessions are armed on load: a member that never comes back is removed.
        for (int i = 0; i < 20; i++) {
            reloaded.advance(3000);
            leader.heartbeat();
            restarted.heartbeat();
        }
        assertThat(reloaded.call(
                                (short) 5,
                                () -> reloaded.shard.describeGroups(
                                        RequestContext.of(5, "a", "/a"),
                                        new DescribeGroupsRequestData().setGroups(List.of("preparing"))))
                        .groups()
                        .get(0)
                        .groupState())
                .as("the connect group's lone member never rejoined after the reload")
                .isEqualTo("Empty");
        a.heartbeat();
        assertThat(a.last.errorCode()).as("consumer sessions too").isEqualTo(GroupError.UNKNOWN_MEMBER_ID.code());
    }

    private static ClassicClient rebind(ClassicClient c, ShardHarness h) {
        ClassicClient copy = new ClassicClient(h, c.groupId, c.clientId, c.instanceId);
        copy.memberId = c.memberId;
        copy.generation = c.generation;
        copy.protocols = c.protocols;
        return copy;
    }

    private static ConsumerClient rebind(ConsumerClient c, ShardHarness h) {
        ConsumerClient copy = new ConsumerClient(h, c.groupId, c.memberId);
        copy.epoch = c.epoch;
        copy.owned = c.owned;
        copy.instanceId = c.instanceId;
        return copy;
    }
}
