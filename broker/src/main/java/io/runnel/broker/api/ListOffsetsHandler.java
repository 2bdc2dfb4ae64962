package io.runnel.broker.api;

import io.runnel.broker.network.RequestContext;
import io.runnel.broker.partition.Partition;
import io.runnel.broker.partition.ReplicaManager;
import io.runnel.broker.partition.StorageErrors;
import io.runnel.protocol.ApiKeys;
import io.runnel.protocol.Errors;
import io.runnel.protocol.message.ListOffsetsRequestData;
import io.runnel.protocol.message.ListOffsetsRequestData.ListOffsetsPartition;
import io.runnel.protocol.message.ListOffsetsRequestData.ListOffsetsTopic;
import io.runnel.protocol.message.ListOffsetsResponseData;
import io.runnel.protocol.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import io.runnel.protocol.message.ListOffsetsResponseData.ListOffsetsTopicResponse;
import io.runnel.storage.FetchIsolation;
import io.runnel.storage.Log;
import io.runnel.storage.TimestampAndOffset;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * ListOffsets (v1 up to the codec's latest): the earliest (-2), latest (-1), max-timestamp (-3, v7+), earliest
 * local (-4, v8+) offset, or the first offset whose timestamp is at or after a time. Consumers see offsets up to the
 * high watermark, read_committed consumers (v2+) up to the last stable offset. A partition named twice is
 * INVALID_REQUEST. Offsets that do not exist are reported as offset -1 and timestamp -1.
 */
public final class ListOffsetsHandler extends BaseHandler<ListOffsetsRequestData, ListOffsetsResponseData> {

    /** Kafka's special timestamp for the latest tiered offset (v9+): without tiered storage there is none. */
    private static final long LATEST_TIERED_TIMESTAMP = -5L;

    private final ReplicaManager replicas;

    public ListOffsetsHandler(ReplicaManager replicas) {
        super(ApiKeys.LIST_OFFSETS, 1, ApiKeys.LIST_OFFSETS.latestVersion());
        this.replicas = replicas;
    }

    @Override
    public CompletableFuture<ListOffsetsResponseData> handle(RequestContext context, ListOffsetsRequestData request) {
        FetchIsolation isolation = request.replicaId() >= 0
                ? FetchIsolation.LOG_END
                : request.isolationLevel() == 1 ? FetchIsolation.TXN_COMMITTED : FetchIsolation.HIGH_WATERMARK;
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new HashSet<>();
        for (ListOffsetsTopic t : request.topics()) {
            for (ListOffsetsPartition p : t.partitions()) {
                if (!seen.add(t.name() + "-" + p.partitionIndex())) {
                    duplicates.add(t.name() + "-" + p.partitionIndex());
                }
            }
        }
        ListOffsetsResponseData response = new ListOffsetsResponseData();
        for (ListOffsetsTopic t : request.topics()) {
            ListOffsetsTopicResponse topic = new ListOffsetsTopicResponse().setName(t.name());
            response.topics().add(topic);
            for (ListOffsetsPartition p : t.partitions()) {
                ListOffsetsPartitionResponse r = new ListOffsetsPartitionResponse()
                        .setPartitionIndex(p.partitionIndex())
                        .setTimestamp(-1)
                        .setOffset(-1)
                        .setLeaderEpoch(-1);
                topic.partitions().add(r);
                if (duplicates.contains(t.name() + "-" + p.partitionIndex())) {
                    r.setErrorCode(Errors.INVALID_REQUEST.code());
                    continue;
                }
                Partition partition = replicas.partition(t.name(), p.partitionIndex());
                if (partition == null) {
                    r.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                    continue;
                }
                Errors epochError = partition.checkLeaderEpoch(p.currentLeaderEpoch());
                if (epochError != Errors.NONE) {
                    r.setErrorCode(epochError.code());
                    continue;
                }
                if (p.timestamp() == LATEST_TIERED_TIMESTAMP) {
                    r.setErrorCode(Errors.NONE.code());
                    continue;
                }
                try {
                    Optional<TimestampAndOffset> found = partition.log().offsetForTimestamp(p.timestamp(), isolation);
                    r.setErrorCode(Errors.NONE.code());
                    if (found.isPresent()) {
                        r.setOffset(found.get().offset())
                                .setTimestamp(found.get().timestamp());
                        if (context.apiVersion() >= 4) {
                            // The leader epoch field exists from v4; earlier versions must leave it at -1.
                            r.setLeaderEpoch(found.get().leaderEpoch().orElse(partition.leaderEpoch()));
                        }
                    }
                } catch (IllegalArgumentException e) {
                    r.setErrorCode(Errors.INVALID_REQUEST.code());
                } catch (RuntimeException e) {
                    r.setErrorCode(StorageErrors.forException(e).code());
                }
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    @Override
    public ListOffsetsResponseData errorResponse(
            RequestContext context, ListOffsetsRequestData request, Errors error, String message) {
        return request.errorResponse(context.apiVersion(), error.code(), message);
    }

    static boolean isSpecial(long timestamp) {
        return timestamp == Log.LATEST_TIMESTAMP
                || timestamp == Log.EARLIEST_TIMESTAMP
                || timestamp == Log.MAX_TIMESTAMP
                || timestamp == Log.EARLIEST_LOCAL_TIMESTAMP;
    }
}
