package io.runnel.broker.api;

import io.netty.buffer.ByteBuf;
import io.runnel.broker.delayed.Scheduler;
import io.runnel.broker.network.RequestContext;
import io.runnel.broker.partition.Partition;
import io.runnel.broker.partition.ReplicaManager;
import io.runnel.broker.partition.StorageErrors;
import io.runnel.protocol.ApiKeys;
import io.runnel.protocol.Errors;
import io.runnel.protocol.message.ProduceRequestData;
import io.runnel.protocol.message.ProduceRequestData.PartitionProduceData;
import io.runnel.protocol.message.ProduceRequestData.TopicProduceData;
import io.runnel.protocol.message.ProduceResponseData;
import io.runnel.protocol.message.ProduceResponseData.PartitionProduceResponse;
import io.runnel.protocol.message.ProduceResponseData.TopicProduceResponse;
import io.runnel.protocol.record.MemoryRecords;
import io.runnel.storage.LogAppendInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Produce (v3 up to the codec's latest; ApiVersions advertises v0, see {@link ApiVersionsHandler}): appends each
 * partition's batches to its log, on the connection's event loop so that one connection's requests are appended
 * in the order they were sent. The log validates the batches (CRC, magic 2, sizes, timestamps, idempotent producer
 * sequence and epoch) and assigns offsets; each partition gets its own result. acks=0 gets no response, acks=1 is
 * answered once the batches are in the log, acks=all once they are committed (in durable mode: on disk), or with
 * REQUEST_TIMED_OUT after {@code timeout_ms}.
 */
public final class ProduceHandler extends BaseHandler<ProduceRequestData, ProduceResponseData> {

    private final ReplicaManager replicas;
    private final Scheduler scheduler;

    public ProduceHandler(ReplicaManager replicas, Scheduler scheduler) {
        super(ApiKeys.PRODUCE, 3, ApiKeys.PRODUCE.latestVersion());
        this.replicas = replicas;
        this.scheduler = scheduler;
    }

    @Override
    public CompletableFuture<ProduceResponseData> handle(RequestContext context, ProduceRequestData request) {
        short acks = request.acks();
        ProduceResponseData response = new ProduceResponseData();
        if (acks != 0 && acks != 1 && acks != -1) {
            return CompletableFuture.completedFuture(
                    errorResponse(context, request, Errors.INVALID_REQUIRED_ACKS, null));
        }
        boolean transactional = request.transactionalId() != null;
        List<CompletableFuture<Void>> commits = new ArrayList<>();
        List<PartitionProduceResponse> awaiting = new ArrayList<>();
        for (TopicProduceData topic : request.topicData()) {
            TopicProduceResponse topicResponse =
                    new TopicProduceResponse().setName(topic.name()).setTopicId(topic.topicId());
            response.responses().add(topicResponse);
            String name = topic.name();
            if (context.apiVersion() >= 13) {
                name = replicas.topicName(topic.topicId());
            }
            for (PartitionProduceData p : topic.partitionData()) {
                PartitionProduceResponse r = new PartitionProduceResponse()
                        .setIndex(p.index())
                        .setBaseOffset(-1)
                        .setLogAppendTimeMs(-1)
                        .setLogStartOffset(-1);
                topicResponse.partitionResponses().add(r);
                if (name == null) {
                    r.setErrorCode(Errors.UNKNOWN_TOPIC_ID.code());
                    continue;
                }
                Partition partition = replicas.partition(name, p.index());
                if (partition == null) {
                    r.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                    continue;
                }
                if (transactional) {
                    r.setErrorCode(Errors.INVALID_TXN_STATE.code())
                            .setErrorMessage("Transactions are not supported yet");
                    continue;
                }
                if (p.records() == null) {
                    r.setErrorCode(Errors.INVALID_RECORD.code()).setErrorMessage("null records");
                    continue;
                }
                try {
                    ByteBuf records = ((MemoryRecords) p.records()).buffer();
                    Partition.Appended appended = partition.appendRecordsFromClient(records);
                    LogAppendInfo info = appended.info();
                    r.setErrorCode(Errors.NONE.code())
                            .setBaseOffset(info.firstOffset())
                            .setLogAppendTimeMs(info.logAppendTime())
                            .setLogStartOffset(info.logStartOffset());
                    if (acks == -1) {
                        commits.add(appended.committed());
                        awaiting.add(r);
                    }
                } catch (RuntimeException e) {
                    r.setErrorCode(StorageErrors.forException(e).code()).setErrorMessage(e.getMessage());
                }
            }
        }
        if (acks != -1 || commits.isEmpty()) {
            return CompletableFuture.completedFuture(response);
        }
        if (allDone(commits)) {
            // Page-cache mode commits as it appends: answer now, without arming (and cancelling) a timeout.
            applyCommitErrors(commits, awaiting);
            return CompletableFuture.completedFuture(response);
        }
        CompletableFuture<ProduceResponseData> result = new CompletableFuture<>();
        AtomicBoolean done = new AtomicBoolean();
        Scheduler.Cancellable timeout = scheduler.schedule(request.timeoutMs(), () -> {
            if (done.compareAndSet(false, true)) {
                for (int i = 0; i < commits.size(); i++) {
                    if (!commits.get(i).isDone()) {
                        awaiting.get(i).setErrorCode(Errors.REQUEST_TIMED_OUT.code());
                    }
                }
                result.complete(response);
            }
        });
        CompletableFuture.allOf(commits.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
            if (done.compareAndSet(false, true)) {
                timeout.cancel();
                applyCommitErrors(commits, awaiting);
                result.complete(response);
            }
        });
        return result;
    }

    private static boolean allDone(List<CompletableFuture<Void>> commits) {
        for (CompletableFuture<Void> c : commits) {
            if (!c.isDone()) {
                return false;
            }
        }
        return true;
    }

    /** The error of each partition whose commit failed (the fsync of durable mode), on its response. */
    private static void applyCommitErrors(
            List<CompletableFuture<Void>> commits, List<PartitionProduceResponse> awaiting) {
        for (int i = 0; i < commits.size(); i++) {
            CompletableFuture<Void> c = commits.get(i);
            if (c.isCompletedExceptionally()) {
                Throwable cause = c.handle((x, err) -> err).join();
                Throwable root = cause.getCause() != null ? cause.getCause() : cause;
                awaiting.get(i)
                        .setErrorCode(StorageErrors.forException(root).code())
                        .setErrorMessage(root.getMessage());
            }
        }
    }

    @Override
    public ProduceResponseData errorResponse(
            RequestContext context, ProduceRequestData request, Errors error, String message) {
        return request.errorResponse(context.apiVersion(), error.code(), message);
    }
}
