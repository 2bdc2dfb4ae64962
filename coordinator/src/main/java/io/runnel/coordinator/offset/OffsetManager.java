package io.runnel.coordinator.offset;

import io.runnel.common.Uuid;
import io.runnel.coordinator.GroupCoordinatorConfig;
import io.runnel.coordinator.GroupError;
import io.runnel.coordinator.TopicMetadata;
import io.runnel.coordinator.TopicsImage;
import io.runnel.coordinator.record.CoordinatorRecord;
import io.runnel.coordinator.record.OffsetCommitKey;
import io.runnel.coordinator.record.OffsetCommitValue;
import io.runnel.coordinator.runtime.Operation;
import io.runnel.protocol.message.OffsetCommitRequestData;
import io.runnel.protocol.message.OffsetCommitResponseData;
import io.runnel.protocol.message.OffsetDeleteRequestData;
import io.runnel.protocol.message.OffsetDeleteResponseData;
import io.runnel.protocol.message.OffsetFetchRequestData;
import io.runnel.protocol.message.OffsetFetchResponseData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

/**
 * Writes, reads, deletes and expires committed offsets once the group has allowed the request (membership and
 * generation checks are the group's business, done before these methods are called).
 *
 * <p>Not thread-safe: one shard thread.
 */
public final class OffsetManager {

    private final CommittedOffsets offsets;
    private final GroupCoordinatorConfig config;

    public OffsetManager(CommittedOffsets offsets, GroupCoordinatorConfig config) {
        this.offsets = offsets;
        this.config = config;
    }

    /**
     * Commits every partition of the request that is valid; others get their own error (metadata too large, unknown
     * topic id).
     */
    public OffsetCommitResponseData commit(
            Operation op, OffsetCommitRequestData request, short version, long nowMs, TopicsImage image) {
        OffsetCommitResponseData response = new OffsetCommitResponseData();
        long expireTimestampMs = version >= 2 && version <= 4 && request.retentionTimeMs() >= 0
                ? nowMs + request.retentionTimeMs()
                : -1L;
        for (OffsetCommitRequestData.OffsetCommitRequestTopic topic : request.topics()) {
            String name = topicName(version, topic.name(), topic.topicId(), image);
            OffsetCommitResponseData.OffsetCommitResponseTopic topicResponse =
                    new OffsetCommitResponseData.OffsetCommitResponseTopic()
                            .setName(topic.name())
                            .setTopicId(topic.topicId());
            for (OffsetCommitRequestData.OffsetCommitRequestPartition partition : topic.partitions()) {
                GroupError error;
                if (name == null) {
                    error = GroupError.UNKNOWN_TOPIC_ID;
                } else if (partition.committedMetadata() != null
                        && partition.committedMetadata().length() > config.offsetMetadataMaxBytes()) {
                    error = GroupError.OFFSET_METADATA_TOO_LARGE;
                } else {
                    error = GroupError.NONE;
                    op.write(CoordinatorRecord.of(
                            new OffsetCommitKey(request.groupId(), name, partition.partitionIndex()),
                            new OffsetCommitValue(
                                    partition.committedOffset(),
                                    partition.committedLeaderEpoch(),
                                    partition.committedMetadata() == null ? "" : partition.committedMetadata(),
                                    nowMs,
                                    expireTimestampMs)));
                }
                topicResponse
                        .partitions()
                        .add(new OffsetCommitResponseData.OffsetCommitResponsePartition()
                                .setPartitionIndex(partition.partitionIndex())
                                .setErrorCode(error.code()));
            }
            response.topics().add(topicResponse);
        }
        return response;
    }

    /**
     * The committed offsets of one group, in the v8+ layout (which the caller converts down for older versions).
     *
     * @param topics the requested topics, or null for every topic the group has offsets for
     * @param useTopicIds whether topics are named by id (v10+)
     */
    public OffsetFetchResponseData.OffsetFetchResponseGroup fetch(
            String groupId,
            List<OffsetFetchRequestData.OffsetFetchRequestTopics> topics,
            boolean useTopicIds,
            TopicsImage image) {
        OffsetFetchResponseData.OffsetFetchResponseGroup group =
                new OffsetFetchResponseData.OffsetFetchResponseGroup().setGroupId(groupId);
        if (topics == null) {
            for (Map.Entry<String, NavigableMap<Integer, OffsetCommitValue>> topic :
                    offsets.group(groupId).entrySet()) {
                Uuid topicId = Uuid.ZERO_UUID;
                if (useTopicIds) {
                    TopicMetadata image1 = image.topic(topic.getKey());
                    if (image1 == null) {
                        continue; // a deleted topic has no id to report
                    }
                    topicId = image1.id();
                }
                OffsetFetchResponseData.OffsetFetchResponseTopics topicResponse =
                        new OffsetFetchResponseData.OffsetFetchResponseTopics()
                                .setName(topic.getKey())
                                .setTopicId(topicId);
                topic.getValue()
                        .forEach((partition, offset) ->
                                topicResponse.partitions().add(partitionResponse(partition, offset)));
                group.topics().add(topicResponse);
            }
            return group;
        }
        for (OffsetFetchRequestData.OffsetFetchRequestTopics topic : topics) {
            String name = useTopicIds ? topicName((short) 10, null, topic.topicId(), image) : topic.name();
            OffsetFetchResponseData.OffsetFetchResponseTopics topicResponse =
                    new OffsetFetchResponseData.OffsetFetchResponseTopics()
                            .setName(topic.name())
                            .setTopicId(topic.topicId());
            for (int partition : topic.partitionIndexes()) {
                if (name == null) {
                    topicResponse
                            .partitions()
                            .add(new OffsetFetchResponseData.OffsetFetchResponsePartitions()
                                    .setPartitionIndex(partition)
                                    .setCommittedOffset(-1L)
                                    .setErrorCode(GroupError.UNKNOWN_TOPIC_ID.code()));
                } else {
                    topicResponse.partitions().add(partitionResponse(partition, offsets.get(groupId, name, partition)));
                }
            }
            group.topics().add(topicResponse);
        }
        return group;
    }

    /** A fetch refused for the whole group: the requested partitions (if listed) each carry the error too. */
    public static OffsetFetchResponseData.OffsetFetchResponseGroup fetchError(
            String groupId, List<OffsetFetchRequestData.OffsetFetchRequestTopics> topics, GroupError error) {
        OffsetFetchResponseData.OffsetFetchResponseGroup group = new OffsetFetchResponseData.OffsetFetchResponseGroup()
                .setGroupId(groupId)
                .setErrorCode(error.code());
        if (topics != null) {
            for (OffsetFetchRequestData.OffsetFetchRequestTopics topic : topics) {
                OffsetFetchResponseData.OffsetFetchResponseTopics topicResponse =
                        new OffsetFetchResponseData.OffsetFetchResponseTopics()
                                .setName(topic.name())
                                .setTopicId(topic.topicId());
                for (int partition : topic.partitionIndexes()) {
                    topicResponse
                            .partitions()
                            .add(new OffsetFetchResponseData.OffsetFetchResponsePartitions()
                                    .setPartitionIndex(partition)
                                    .setCommittedOffset(-1L)
                                    .setErrorCode(error.code()));
                }
                group.topics().add(topicResponse);
            }
        }
        return group;
    }

    /**
     * Deletes the offsets the request names, except those of topics the group subscribes to (those partitions get
     * GROUP_SUBSCRIBED_TO_TOPIC). Offsets that do not exist are not an error.
     */
    public OffsetDeleteResponseData delete(
            Operation op, OffsetDeleteRequestData request, Set<String> subscribedTopics) {
        OffsetDeleteResponseData response = new OffsetDeleteResponseData();
        for (OffsetDeleteRequestData.OffsetDeleteRequestTopic topic : request.topics()) {
            OffsetDeleteResponseData.OffsetDeleteResponseTopic topicResponse =
                    new OffsetDeleteResponseData.OffsetDeleteResponseTopic().setName(topic.name());
            boolean subscribed = subscribedTopics.contains(topic.name());
            for (OffsetDeleteRequestData.OffsetDeleteRequestPartition partition : topic.partitions()) {
                GroupError error = GroupError.NONE;
                if (subscribed) {
                    error = GroupError.GROUP_SUBSCRIBED_TO_TOPIC;
                } else if (offsets.get(request.groupId(), topic.name(), partition.partitionIndex()) != null) {
                    op.write(CoordinatorRecord.tombstone(
                            new OffsetCommitKey(request.groupId(), topic.name(), partition.partitionIndex())));
                }
                topicResponse
                        .partitions()
                        .add(new OffsetDeleteResponseData.OffsetDeleteResponsePartition()
                                .setPartitionIndex(partition.partitionIndex())
                                .setErrorCode(error.code()));
            }
            response.topics().add(topicResponse);
        }
        return response;
    }

    /** Deletes the group's expired offsets; returns whether the group has no offsets left. */
    public boolean expire(Operation op, String groupId, OffsetExpirationCondition condition, long nowMs) {
        List<OffsetCommitKey> expired = new ArrayList<>();
        offsets.group(groupId)
                .forEach((topic, partitions) -> partitions.forEach((partition, offset) -> {
                    if (condition.isExpired(topic, offset, nowMs, config.offsetsRetentionMs())) {
                        expired.add(new OffsetCommitKey(groupId, topic, partition));
                    }
                }));
        for (OffsetCommitKey key : expired) {
            op.write(CoordinatorRecord.tombstone(key));
        }
        return !offsets.hasOffsets(groupId);
    }

    /** Deletes every offset of the group. */
    public void deleteAll(Operation op, String groupId) {
        List<OffsetCommitKey> keys = new ArrayList<>();
        offsets.group(groupId)
                .forEach((topic, partitions) ->
                        partitions.keySet().forEach(p -> keys.add(new OffsetCommitKey(groupId, topic, p))));
        for (OffsetCommitKey key : keys) {
            op.write(CoordinatorRecord.tombstone(key));
        }
    }

    /** Deletes every group's offsets of the given topics (they were deleted from the cluster). */
    public void deleteTopics(Operation op, Collection<String> topics) {
        List<OffsetCommitKey> keys = new ArrayList<>();
        for (String groupId : new java.util.TreeSet<>(offsets.groupIds())) {
            for (String topic : topics) {
                offsets.group(groupId)
                        .getOrDefault(topic, java.util.Collections.emptyNavigableMap())
                        .keySet()
                        .forEach(p -> keys.add(new OffsetCommitKey(groupId, topic, p)));
            }
        }
        for (OffsetCommitKey key : keys) {
            op.write(CoordinatorRecord.tombstone(key));
        }
    }

    private static OffsetFetchResponseData.OffsetFetchResponsePartitions partitionResponse(
            int partition, OffsetCommitValue offset) {
        if (offset == null) {
            return new OffsetFetchResponseData.OffsetFetchResponsePartitions()
                    .setPartitionIndex(partition)
                    .setCommittedOffset(-1L)
                    .setCommittedLeaderEpoch(-1)
                    .setMetadata("");
        }
        return new OffsetFetchResponseData.OffsetFetchResponsePartitions()
                .setPartitionIndex(partition)
                .setCommittedOffset(offset.offset())
                .setCommittedLeaderEpoch(offset.leaderEpoch())
                .setMetadata(offset.metadata());
    }

    private static String topicName(short version, String name, Uuid topicId, TopicsImage image) {
        if (version < 10) {
            return name;
        }
        TopicMetadata topic = image.topic(topicId);
        return topic == null ? null : topic.name();
    }
}
