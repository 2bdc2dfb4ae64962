package io.runnel.coordinator;

import static io.runnel.coordinator.ClassicGroupTest.done;
import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.common.Uuid;
import io.runnel.protocol.message.DescribeGroupsRequestData;
import io.runnel.protocol.message.DescribeGroupsResponseData;
import io.runnel.protocol.message.JoinGroupResponseData;
import io.runnel.protocol.message.ListGroupsRequestData;
import io.runnel.protocol.message.ListGroupsResponseData;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class GroupAdminTest {

    private final ShardHarness harness = new ShardHarness(
            GroupCoordinatorConfig.defaults(),
            TopicsImage.of(List.of(TopicMetadata.of(Uuid.randomUuid(), "topic", 3))));

    private void stableClassicGroup(String groupId) {
        ClassicClient c = new ClassicClient(harness, groupId, "c", null);
        CompletableFuture<JoinGroupResponseData> join = c.joinAsync();
        harness.advance(3000);
        done(join);
        c.sync(Map.of(c.memberId, new byte[0]));
    }

    private ListGroupsResponseData list(short version, List<String> states, List<String> types) {
        ListGroupsRequestData request = new ListGroupsRequestData();
        if (version >= 4) {
            request.setStatesFilter(states);
        }
        if (version >= 5) {
            request.setTypesFilter(types);
        }
        return harness.call(version, () -> harness.shard.listGroups(RequestContext.of(version, "a", "/a"), request));
    }

    private static List<String> ids(ListGroupsResponseData response) {
        return response.groups().stream()
                .map(ListGroupsResponseData.ListedGroup::groupId)
                .toList();
    }

    @Test
    void listGroupsFiltersByStateAndTypeCaseInsensitively() {
        stableClassicGroup("classic-stable");
        new ClassicClient(harness, "classic-preparing", "p", null).joinAsync();
        new ClassicClient(harness, "simple", "s", null).commit("topic", 0, 1);
        new ConsumerClient(harness, "consumer-stable").join();

        ListGroupsResponseData all = list((short) 5, List.of(), List.of());
        assertThat(ids(all)).containsExactly("classic-preparing", "classic-stable", "consumer-stable", "simple");
        assertThat(all.groups())
                .extracting(ListGroupsResponseData.ListedGroup::groupType)
                .containsExactly("classic", "classic", "consumer", "classic");
        assertThat(all.groups())
                .extracting(ListGroupsResponseData.ListedGroup::protocolType)
                .containsExactly("consumer", "consumer", "consumer", "");
        assertThat(all.groups())
                .extracting(ListGroupsResponseData.ListedGroup::groupState)
                .containsExactly("PreparingRebalance", "Stable", "Stable", "Empty");

        assertThat(ids(list((short) 4, List.of("stable"), List.of())))
                .containsExactly("classic-stable", "consumer-stable");
        assertThat(ids(list((short) 5, List.of("STABLE"), List.of("Consumer")))).containsExactly("consumer-stable");
        assertThat(ids(list((short) 5, List.of(), List.of("classic"))))
                .containsExactly("classic-preparing", "classic-stable", "simple");
        assertThat(ids(list((short) 0, List.of(), List.of()))).hasSize(4);
    }

    @Test
    void describingAGroupThatDoesNotExistSaysDeadOrGroupIdNotFound() {
        DescribeGroupsRequestData request = new DescribeGroupsRequestData().setGroups(List.of("missing"));
        DescribeGroupsResponseData.DescribedGroup v5 = harness.call(
                        (short) 5, () -> harness.shard.describeGroups(RequestContext.of(5, "a", "/a"), request))
                .groups()
                .get(0);
        assertThat(v5.errorCode()).isZero();
        assertThat(v5.groupState()).isEqualTo("Dead");
        DescribeGroupsResponseData.DescribedGroup v6 = harness.call(
                        (short) 6, () -> harness.shard.describeGroups(RequestContext.of(6, "a", "/a"), request))
                .groups()
                .get(0);
        assertThat(v6.errorCode()).isEqualTo(GroupError.GROUP_ID_NOT_FOUND.code());
        assertThat(v6.errorMessage()).contains("missing");
    }

    @Test
    void describingAGroupWithOnlyOffsetsShowsAnEmptyGroup() {
        new ClassicClient(harness, "simple", "s", null).commit("topic", 0, 1);
        DescribeGroupsRequestData request = new DescribeGroupsRequestData().setGroups(List.of("simple"));
        DescribeGroupsResponseData.DescribedGroup described = harness.call(
                        (short) 6, () -> harness.shard.describeGroups(RequestContext.of(6, "a", "/a"), request))
                .groups()
                .get(0);
        assertThat(described.errorCode()).isZero();
        assertThat(described.groupState()).isEqualTo("Empty");
        assertThat(described.protocolType()).isEmpty();
    }

    @Test
    void requestsBeforeTheShardIsLoadedAreToldToRetry() {
        GroupCoordinatorShard loading =
                new GroupCoordinatorShard(7, GroupCoordinatorConfig.defaults(), harness.time, TopicsImage.EMPTY);
        ListGroupsResponseData response = loading.listGroups(
                        RequestContext.of(5, "a", "/a"), new ListGroupsRequestData())
                .response()
                .join();
        assertThat(response.errorCode()).isEqualTo(GroupError.COORDINATOR_LOAD_IN_PROGRESS.code());
    }
}
