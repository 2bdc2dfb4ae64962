package io.runnel.broker.api;

import io.runnel.broker.network.RequestContext;
import io.runnel.broker.partition.Partition;
import io.runnel.broker.partition.ReplicaManager;
import io.runnel.broker.partition.StorageErrors;
import io.runnel.protocol.ApiKeys;
import io.runnel.protocol.Errors;
import io.runnel.protocol.message.DeleteRecordsRequestData;
import io.runnel.protocol.message.DeleteRecordsRequestData.DeleteRecordsPartition;
import io.runnel.protocol.message.DeleteRecordsRequestData.DeleteRecordsTopic;
import io.runnel.protocol.message.DeleteRecordsResponseData;
import io.runnel.protocol.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import io.runnel.protocol.message.DeleteRecordsResponseData.DeleteRecordsTopicResult;
import java.util.concurrent.CompletableFuture;

/**
 * DeleteRecords (v0-2): moves a partition's log start offset forward; records below it are gone for readers at
 * once and their segments are deleted by the next retention pass. Offset -1 means the high watermark; an offset
 * above the high watermark is OFFSET_OUT_OF_RANGE. Kafka Streams purges consumed repartition data with it.
 */
public final class DeleteRecordsHandler extends BaseHandler<DeleteRecordsRequestData, DeleteRecordsResponseData> {

    private final ReplicaManager replicas;

    public DeleteRecordsHandler(ReplicaManager replicas) {
        super(ApiKeys.DELETE_RECORDS, 0, 2);
        this.replicas = replicas;
    }

    @Override
    public CompletableFuture<DeleteRecordsResponseData> handle(
            RequestContext context, DeleteRecordsRequestData request) {
        DeleteRecordsResponseData response = new DeleteRecordsResponseData();
        for (DeleteRecordsTopic t : request.topics()) {
            DeleteRecordsTopicResult topic = new DeleteRecordsTopicResult().setName(t.name());
            response.topics().add(topic);
            for (DeleteRecordsPartition p : t.partitions()) {
                DeleteRecordsPartitionResult r = new DeleteRecordsPartitionResult()
                        .setPartitionIndex(p.partitionIndex())
                        .setLowWatermark(-1);
                topic.partitions().add(r);
                Partition partition = replicas.partition(t.name(), p.partitionIndex());
                if (partition == null) {
                    r.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                    continue;
                }
                try {
                    long target = p.offset() == -1 ? partition.log().highWatermark() : p.offset();
                    if (target < 0) {
                        r.setErrorCode(Errors.OFFSET_OUT_OF_RANGE.code());
                        continue;
                    }
                    partition.log().maybeIncrementLogStartOffset(target);
                    r.setErrorCode(Errors.NONE.code())
                            .setLowWatermark(partition.log().logStartOffset());
                } catch (RuntimeException e) {
                    r.setErrorCode(StorageErrors.forException(e).code());
                }
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    @Override
    public DeleteRecordsResponseData errorResponse(
            RequestContext context, DeleteRecordsRequestData request, Errors error, String message) {
        return request.errorResponse(context.apiVersion(), error.code(), message);
    }
}
