package io.runnel.coordinator;

import io.runnel.protocol.ApiMessage;
import io.runnel.protocol.ApiRequest;
import io.runnel.protocol.message.DescribeGroupsResponseData;
import io.runnel.protocol.message.JoinGroupRequestData;
import io.runnel.protocol.message.JoinGroupResponseData;
import io.runnel.protocol.message.OffsetFetchRequestData;
import io.runnel.protocol.message.OffsetFetchResponseData;
import java.util.ArrayList;
import java.util.List;

/**
 * The response each group API gives when the whole request fails with one error: for the host when it cannot
 * reach the group's shard ({@code NOT_COORDINATOR}, {@code COORDINATOR_LOAD_IN_PROGRESS}), and for the shard
 * itself. The responses are the generated {@link ApiRequest#errorResponse}: valid at {@code version}, with the
 * code at the top level and on every group, topic and partition of the request. Also the pieces of group
 * responses that several handlers share (a described group's error, the pre-v8 OffsetFetch layout).
 *
 * <p>Stateless and thread-safe.
 */
public final class ErrorResponses {

    private ErrorResponses() {}

    /** The response in which every item of {@code request} failed with {@code error}. */
    public static <R extends ApiMessage> R of(ApiRequest<R> request, short version, GroupError error) {
        return request.errorResponse(version, error.code(), null);
    }

    /** As {@link #of}, carrying {@code message} where the version has an error message. */
    public static <R extends ApiMessage> R of(ApiRequest<R> request, short version, GroupError error, String message) {
        return request.errorResponse(version, error.code(), message);
    }

    /** A JoinGroup failure repeats the member id the request gave (the generated response leaves it empty). */
    public static JoinGroupResponseData joinGroup(JoinGroupRequestData request, short version, GroupError error) {
        return of(request, version, error).setMemberId(request.memberId() == null ? "" : request.memberId());
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
