package io.runnel.broker.api;

import io.runnel.broker.network.RequestContext;
import io.runnel.broker.partition.Partition;
import io.runnel.broker.partition.ReplicaManager;
import io.runnel.broker.partition.StorageErrors;
import io.runnel.protocol.ApiKeys;
import io.runnel.protocol.Errors;
import io.runnel.protocol.message.OffsetForLeaderEpochRequestData;
import io.runnel.protocol.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import io.runnel.protocol.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic;
import io.runnel.protocol.message.OffsetForLeaderEpochResponseData;
import io.runnel.protocol.message.OffsetForLeaderEpochResponseData.EpochEndOffset;
import io.runnel.protocol.message.OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult;
import java.util.concurrent.CompletableFuture;

/**
 * OffsetForLeaderEpoch (v2-4): where a leader epoch ends in a partition's log, from its leader-epoch cache.
 * Consumers use it (from v3) to validate their position after a leader change and detect log truncation.
 */
public final class OffsetForLeaderEpochHandler
        extends BaseHandler<OffsetForLeaderEpochRequestData, OffsetForLeaderEpochResponseData> {

    private final ReplicaManager replicas;

    public OffsetForLeaderEpochHandler(ReplicaManager replicas) {
        super(ApiKeys.OFFSET_FOR_LEADER_EPOCH, 2, 4);
        this.replicas = replicas;
    }

    @Override
    public CompletableFuture<OffsetForLeaderEpochResponseData> handle(
            RequestContext context, OffsetForLeaderEpochRequestData request) {
        OffsetForLeaderEpochResponseData response = new OffsetForLeaderEpochResponseData();
        for (OffsetForLeaderTopic t : request.topics()) {
            OffsetForLeaderTopicResult topic = new OffsetForLeaderTopicResult().setTopic(t.topic());
            response.topics().add(topic);
            for (OffsetForLeaderPartition p : t.partitions()) {
                EpochEndOffset r = new EpochEndOffset()
                        .setPartition(p.partition())
                        .setLeaderEpoch(-1)
                        .setEndOffset(-1);
                topic.partitions().add(r);
                Partition partition = replicas.partition(t.topic(), p.partition());
                if (partition == null) {
                    r.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                    continue;
                }
                Errors epochError = partition.checkLeaderEpoch(p.currentLeaderEpoch());
                if (epochError != Errors.NONE) {
                    r.setErrorCode(epochError.code());
                    continue;
                }
                try {
                    io.runnel.storage.epoch.EpochEndOffset end = partition.log().endOffsetForEpoch(p.leaderEpoch());
                    r.setErrorCode(Errors.NONE.code())
                            .setLeaderEpoch(end.epoch())
                            .setEndOffset(end.endOffset());
                } catch (RuntimeException e) {
                    r.setErrorCode(StorageErrors.forException(e).code());
                }
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    @Override
    public OffsetForLeaderEpochResponseData errorResponse(
            RequestContext context, OffsetForLeaderEpochRequestData request, Errors error, String message) {
        return request.errorResponse(context.apiVersion(), error.code(), message);
    }
}
