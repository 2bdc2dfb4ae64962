package io.runnel.coordinator;

import io.runnel.coordinator.classic.ClassicGroupManager;
import io.runnel.coordinator.offset.OffsetManager;
import io.runnel.protocol.message.ConsumerGroupDescribeRequestData;
import io.runnel.protocol.message.ConsumerGroupDescribeResponseData;
import io.runnel.protocol.message.ConsumerGroupHeartbeatResponseData;
import io.runnel.protocol.message.DeleteGroupsRequestData;
import io.runnel.protocol.message.DeleteGroupsResponseData;
import io.runnel.protocol.message.DescribeGroupsRequestData;
import io.runnel.protocol.message.DescribeGroupsResponseData;
import io.runnel.protocol.message.HeartbeatResponseData;
import io.runnel.protocol.message.JoinGroupRequestData;
import io.runnel.protocol.message.JoinGroupResponseData;
import io.runnel.protocol.message.LeaveGroupRequestData;
import io.runnel.protocol.message.LeaveGroupResponseData;
import io.runnel.protocol.message.ListGroupsResponseData;
import io.runnel.protocol.message.OffsetCommitRequestData;
import io.runnel.protocol.message.OffsetCommitResponseData;
import io.runnel.protocol.message.OffsetDeleteRequestData;
import io.runnel.protocol.message.OffsetDeleteResponseData;
import io.runnel.protocol.message.OffsetFetchRequestData;
import io.runnel.protocol.message.OffsetFetchResponseData;
import io.runnel.protocol.message.SyncGroupResponseData;
import java.util.ArrayList;
import java.util.List;

/**
 * The response each group API gives when the whole request fails with one error: for the host when it cannot
 * reach the group's shard ({@code NOT_COORDINATOR}, {@code COORDINATOR_LOAD_IN_PROGRESS}), and for the shard
 * itself. Each is valid at {@code version}: fields a version lacks are left at their defaults.
 *
 * <p>Stateless and thread-safe.
 */
public final class ErrorResponses {

    private ErrorResponses() {}

    public static JoinGroupResponseData joinGroup(JoinGroupRequestData request, short version, GroupError error) {
        return ClassicGroupManager.joinError(version, request.memberId(), error);
    }

    public static SyncGroupResponseData syncGroup(GroupError error) {
        return ClassicGroupManager.syncError(error);
    }

    public static HeartbeatResponseData heartbeat(GroupError error) {
        return new HeartbeatResponseData().setErrorCode(error.code());
    }

    public static LeaveGroupResponseData leaveGroup(LeaveGroupRequestData request, short version, GroupError error) {
        // A whole-request failure is reported at the top level in every version.
        return new LeaveGroupResponseData().setErrorCode(error.code());
    }

    public static OffsetCommitResponseData offsetCommit(OffsetCommitRequestData request, GroupError error) {
        return OffsetManager.commitError(request, error);
    }

    /** Every group of the request (one before v8) fails with {@code error}. */
    public static OffsetFetchResponseData offsetFetch(OffsetFetchRequestData request, short version, GroupError error) {
        if (version >= 8) {
            OffsetFetchResponseData response = new OffsetFetchResponseData();
            for (OffsetFetchRequestData.OffsetFetchRequestGroup group : request.groups()) {
                response.groups().add(OffsetManager.fetchError(group.groupId(), group.topics(), error));
            }
            return response;
        }
        return toLegacyOffsetFetch(
                OffsetManager.fetchError(request.groupId(), legacyTopics(request.topics()), error), version);
    }

    public static OffsetDeleteResponseData offsetDelete(OffsetDeleteRequestData request, GroupError error) {
        return new OffsetDeleteResponseData().setErrorCode(error.code());
    }

    public static DeleteGroupsResponseData deleteGroups(DeleteGroupsRequestData request, GroupError error) {
        DeleteGroupsResponseData response = new DeleteGroupsResponseData();
        for (String groupId : request.groupsNames()) {
            response.results()
                    .add(new DeleteGroupsResponseData.DeletableGroupResult()
                            .setGroupId(groupId)
                            .setErrorCode(error.code()));
        }
        return response;
    }

    public static ListGroupsResponseData listGroups(GroupError error) {
        return new ListGroupsResponseData().setErrorCode(error.code());
    }

    public static DescribeGroupsResponseData describeGroups(
            DescribeGroupsRequestData request, short version, GroupError error) {
        DescribeGroupsResponseData response = new DescribeGroupsResponseData();
        for (String groupId : request.groups()) {
            response.groups().add(describedGroupError(groupId, error, null, version));
        }
        return response;
    }

    public static ConsumerGroupHeartbeatResponseData consumerGroupHeartbeat(GroupError error, String message) {
        return new ConsumerGroupHeartbeatResponseData()
                .setErrorCode(error.code())
                .setErrorMessage(message);
    }

    public static ConsumerGroupDescribeResponseData consumerGroupDescribe(
            ConsumerGroupDescribeRequestData request, GroupError error) {
        ConsumerGroupDescribeResponseData response = new ConsumerGroupDescribeResponseData();
        for (String groupId : request.groupIds()) {
            response.groups()
                    .add(new ConsumerGroupDescribeResponseData.DescribedGroup()
                            .setGroupId(groupId)
                            .setErrorCode(error.code()));
        }
        return response;
    }

    static DescribeGroupsResponseData.DescribedGroup describedGroupError(
            String groupId, GroupError error, String message, short version) {
        DescribeGroupsResponseData.DescribedGroup described = new DescribeGroupsResponseData.DescribedGroup()
                .setGroupId(groupId)
                .setErrorCode(error.code())
                .setGroupState("")
                .setProtocolType("")
                .setProtocolData("");
        if (version >= 6) {
            described.setErrorMessage(message);
        }
        return described;
    }

    /** The v8+ topic list of a pre-v8 request (null stays null: every topic). */
    static List<OffsetFetchRequestData.OffsetFetchRequestTopics> legacyTopics(
            List<OffsetFetchRequestData.OffsetFetchRequestTopic> topics) {
        if (topics == null) {
            return null;
        }
        List<OffsetFetchRequestData.OffsetFetchRequestTopics> converted = new ArrayList<>(topics.size());
        for (OffsetFetchRequestData.OffsetFetchRequestTopic t : topics) {
            converted.add(new OffsetFetchRequestData.OffsetFetchRequestTopics()
                    .setName(t.name())
                    .setPartitionIndexes(new ArrayList<>(t.partitionIndexes())));
        }
        return converted;
    }

    /** A pre-v8 response carrying one group's result (before v2 a group error appears only on the partitions). */
    static OffsetFetchResponseData toLegacyOffsetFetch(
            OffsetFetchResponseData.OffsetFetchResponseGroup group, short version) {
        OffsetFetchResponseData response = new OffsetFetchResponseData();
        if (version >= 2) {
            response.setErrorCode(group.errorCode());
        }
        for (OffsetFetchResponseData.OffsetFetchResponseTopics topic : group.topics()) {
            OffsetFetchResponseData.OffsetFetchResponseTopic legacy =
                    new OffsetFetchResponseData.OffsetFetchResponseTopic().setName(topic.name());
            for (OffsetFetchResponseData.OffsetFetchResponsePartitions p : topic.partitions()) {
                legacy.partitions()
                        .add(new OffsetFetchResponseData.OffsetFetchResponsePartition()
                                .setPartitionIndex(p.partitionIndex())
                                .setCommittedOffset(p.committedOffset())
                                .setCommittedLeaderEpoch(p.committedLeaderEpoch())
                                .setMetadata(p.metadata())
                                .setErrorCode(p.errorCode()));
            }
            response.topics().add(legacy);
        }
        return response;
    }
}
