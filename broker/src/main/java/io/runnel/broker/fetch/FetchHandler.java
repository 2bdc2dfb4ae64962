package io.runnel.broker.fetch;

import io.runnel.broker.api.BaseHandler;
import io.runnel.broker.delayed.DelayedOperation;
import io.runnel.broker.delayed.DelayedOperationPurgatory;
import io.runnel.broker.network.RequestContext;
import io.runnel.broker.partition.Partition;
import io.runnel.broker.partition.ReplicaManager;
import io.runnel.broker.partition.StorageErrors;
import io.runnel.common.Uuid;
import io.runnel.protocol.ApiKeys;
import io.runnel.protocol.Errors;
import io.runnel.protocol.message.FetchRequestData;
import io.runnel.protocol.message.FetchRequestData.FetchPartition;
import io.runnel.protocol.message.FetchRequestData.FetchTopic;
import io.runnel.protocol.message.FetchRequestData.ForgottenTopic;
import io.runnel.protocol.message.FetchResponseData;
import io.runnel.protocol.message.FetchResponseData.FetchableTopicResponse;
import io.runnel.protocol.message.FetchResponseData.PartitionData;
import io.runnel.protocol.record.MemoryRecords;
import io.runnel.storage.FetchIsolation;
import io.runnel.storage.LogOffsetMetadata;
import io.runnel.storage.LogReadInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Fetch (v4 up to the codec's latest): reads record batches from each partition's log up to the high watermark
 * (the last stable offset for read_committed) and sends them zero-copy as file regions. Respects the response
 * limit {@code max_bytes} and each partition's limit, but always returns the first batch in full so a consumer
 * can progress past a batch larger than its limits (KIP-74). A fetch that finds fewer than {@code min_bytes}
 * waits up to {@code max_wait_ms} in a delayed operation that appends complete. Incremental fetch sessions
 * (KIP-227, v7+) let clients name only changed partitions and get back only partitions with news.
 */
public final class FetchHandler extends BaseHandler<FetchRequestData, FetchResponseData> {

    private final ReplicaManager replicas;
    private final FetchSessionCache sessions;
    private final DelayedOperationPurgatory<DelayedOperation> purgatory;
    private final int brokerMaxBytes;

    public FetchHandler(
            ReplicaManager replicas,
            FetchSessionCache sessions,
            DelayedOperationPurgatory<DelayedOperation> purgatory,
            int brokerMaxBytes) {
        super(ApiKeys.FETCH, 4, ApiKeys.FETCH.latestVersion());
        this.replicas = replicas;
        this.sessions = sessions;
        this.purgatory = purgatory;
        this.brokerMaxBytes = brokerMaxBytes;
    }

    private enum Mode {
        SESSIONLESS,
        NEW_SESSION,
        INCREMENTAL
    }

    @Override
    public CompletableFuture<FetchResponseData> handle(RequestContext context, FetchRequestData request) {
        short version = context.apiVersion();
        if (request.replicaId() >= 0
                || (request.replicaState() != null && request.replicaState().replicaId() >= 0)) {
            return CompletableFuture.completedFuture(topLevelError(Errors.NOT_LEADER_OR_FOLLOWER, 0));
        }
        List<FetchSession.Request> changed = new ArrayList<>();
        for (FetchTopic topic : request.topics()) {
            for (FetchPartition p : topic.partitions()) {
                changed.add(new FetchSession.Request(
                        key(version, topic.topic(), topic.topicId(), p.partition()),
                        p.fetchOffset(),
                        p.partitionMaxBytes(),
                        p.currentLeaderEpoch(),
                        p.lastFetchedEpoch()));
            }
        }
        int sessionId = version >= 7 ? request.sessionId() : 0;
        int epoch = version >= 7 ? request.sessionEpoch() : -1;
        Mode mode;
        FetchSession session = null;
        if (sessionId == 0 && epoch == -1) {
            mode = Mode.SESSIONLESS;
        } else if (sessionId == 0 && epoch == 0) {
            session = sessions.create();
            mode = session == null ? Mode.SESSIONLESS : Mode.NEW_SESSION;
            if (session != null) {
                session.update(changed, List.of());
            }
        } else if (epoch == -1) {
            sessions.remove(sessionId);
            mode = Mode.SESSIONLESS;
        } else if (sessionId == 0) {
            return CompletableFuture.completedFuture(topLevelError(Errors.INVALID_FETCH_SESSION_EPOCH, 0));
        } else {
            FetchSessionCache.Acquired acquired = sessions.acquire(sessionId, epoch);
            switch (acquired.lookup()) {
                case NOT_FOUND -> {
                    return CompletableFuture.completedFuture(topLevelError(Errors.FETCH_SESSION_ID_NOT_FOUND, 0));
                }
                case INVALID_EPOCH -> {
                    return CompletableFuture.completedFuture(topLevelError(Errors.INVALID_FETCH_SESSION_EPOCH, 0));
                }
                default -> {
                    session = acquired.session();
                    List<SessionPartition> forgotten = new ArrayList<>();
                    for (ForgottenTopic t : request.forgottenTopicsData()) {
                        for (int p : t.partitions()) {
                            forgotten.add(key(version, t.topic(), t.topicId(), p));
                        }
                    }
                    session.update(changed, forgotten);
                    mode = Mode.INCREMENTAL;
                }
            }
        }

        List<PartitionFetch> fetches = new ArrayList<>();
        if (session != null) {
            for (Map.Entry<SessionPartition, FetchSession.Entry> e :
                    session.partitions().entrySet()) {
                FetchSession.Entry en = e.getValue();
                fetches.add(resolve(e.getKey(), en.fetchOffset, en.maxBytes, en.currentLeaderEpoch));
            }
        } else {
            for (FetchSession.Request r : changed) {
                fetches.add(resolve(r.partition(), r.fetchOffset(), r.maxBytes(), r.currentLeaderEpoch()));
            }
        }
        FetchIsolation isolation =
                request.isolationLevel() == 1 ? FetchIsolation.TXN_COMMITTED : FetchIsolation.HIGH_WATERMARK;
        int maxBytes = Math.min(version >= 3 ? request.maxBytes() : Integer.MAX_VALUE, brokerMaxBytes);
        FetchSession finalSession = session;
        Mode finalMode = mode;

        List<Read> reads = readAll(fetches, isolation, maxBytes);
        long bytes = reads.stream()
                .mapToLong(r -> r.info == null ? 0 : r.info.records().length())
                .sum();
        boolean anyError = reads.stream().anyMatch(r -> r.error != Errors.NONE);
        if (request.maxWaitMs() <= 0 || bytes >= request.minBytes() || anyError || fetches.isEmpty()) {
            return CompletableFuture.completedFuture(
                    respond(context, finalMode, finalSession, reads, request.isolationLevel()));
        }
        CompletableFuture<FetchResponseData> result = new CompletableFuture<>();
        DelayedFetch delayed = new DelayedFetch(request.maxWaitMs(), request.minBytes(), fetches, isolation, () -> {
            try {
                List<Read> again = readAll(fetches, isolation, maxBytes);
                result.complete(respond(context, finalMode, finalSession, again, request.isolationLevel()));
            } catch (RuntimeException e) {
                if (finalSession != null) {
                    sessions.release(finalSession);
                }
                result.completeExceptionally(e);
            }
        });
        List<Object> keys = new ArrayList<>();
        for (PartitionFetch f : fetches) {
            if (f.partition != null) {
                keys.add(f.partition.topicPartition());
            }
        }
        purgatory.tryCompleteElseWatch(delayed, keys);
        return result;
    }

    private static SessionPartition key(short version, String topic, Uuid topicId, int partition) {
        return version >= 13 ? SessionPartition.byId(topicId, partition) : SessionPartition.byName(topic, partition);
    }

    private PartitionFetch resolve(SessionPartition key, long fetchOffset, int maxBytes, int currentLeaderEpoch) {
        String name = key.topic() != null ? key.topic() : replicas.topicName(key.topicId());
        if (name == null) {
            return new PartitionFetch(
                    key, null, fetchOffset, maxBytes, currentLeaderEpoch, null, Errors.UNKNOWN_TOPIC_ID);
        }
        Partition partition = replicas.partition(name, key.partition());
        if (partition == null) {
            return new PartitionFetch(
                    key, name, fetchOffset, maxBytes, currentLeaderEpoch, null, Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        if (key.topic() == null && !partition.topicId().equals(key.topicId())) {
            return new PartitionFetch(
                    key, name, fetchOffset, maxBytes, currentLeaderEpoch, null, Errors.UNKNOWN_TOPIC_ID);
        }
        return new PartitionFetch(
                key,
                name,
                fetchOffset,
                maxBytes,
                currentLeaderEpoch,
                partition,
                partition.checkLeaderEpoch(currentLeaderEpoch));
    }

    /** What one read of one partition found. */
    private record Read(PartitionFetch fetch, LogReadInfo info, Errors error, String message) {}

    private List<Read> readAll(List<PartitionFetch> fetches, FetchIsolation isolation, int maxBytes) {
        List<Read> reads = new ArrayList<>(fetches.size());
        int budget = maxBytes;
        boolean first = true;
        for (PartitionFetch f : fetches) {
            if (f.partition == null || f.lookupError != Errors.NONE) {
                reads.add(new Read(f, null, f.lookupError, null));
                continue;
            }
            try {
                int limit = Math.max(0, Math.min(f.maxBytes, budget));
                LogReadInfo info = f.partition.read(f.fetchOffset, limit, isolation, first);
                f.fetchOffsetMetadata = info.fetchOffsetMetadata();
                int n = info.records().length();
                if (n > 0) {
                    first = false;
                    budget -= n;
                }
                reads.add(new Read(f, info, Errors.NONE, null));
            } catch (RuntimeException e) {
                reads.add(new Read(f, null, StorageErrors.forException(e), e.getMessage()));
            }
        }
        return reads;
    }

    private FetchResponseData respond(
            RequestContext context, Mode mode, FetchSession session, List<Read> reads, byte isolationLevel) {
        short version = context.apiVersion();
        FetchResponseData response = new FetchResponseData()
                .setErrorCode(Errors.NONE.code())
                .setSessionId(mode == Mode.SESSIONLESS || session == null ? 0 : session.id());
        FetchableTopicResponse current = null;
        List<SessionPartition> answered = new ArrayList<>();
        for (Read r : reads) {
            PartitionFetch f = r.fetch;
            PartitionData data = new PartitionData()
                    .setPartitionIndex(f.key.partition())
                    .setErrorCode(r.error.code())
                    .setAbortedTransactions(isolationLevel == 1 ? new ArrayList<>() : null)
                    .setPreferredReadReplica(-1);
            boolean hasRecords = false;
            if (r.info != null) {
                data.setHighWatermark(r.info.highWatermark())
                        .setLastStableOffset(r.info.lastStableOffset())
                        .setLogStartOffset(r.info.logStartOffset());
                if (r.info.records().length() > 0) {
                    FileSliceRecords records = new FileSliceRecords(r.info.records());
                    data.setRecords(records);
                    hasRecords = true;
                } else {
                    data.setRecords(MemoryRecords.EMPTY);
                }
            } else {
                data.setHighWatermark(-1)
                        .setLastStableOffset(-1)
                        .setLogStartOffset(-1)
                        .setRecords(MemoryRecords.EMPTY);
            }
            if (mode != Mode.SESSIONLESS && session != null) {
                boolean must = session.mustRespond(
                        f.key,
                        hasRecords,
                        r.error != Errors.NONE,
                        data.highWatermark(),
                        data.lastStableOffset(),
                        data.logStartOffset());
                if (mode == Mode.INCREMENTAL && !must) {
                    continue;
                }
                if (hasRecords) {
                    answered.add(f.key);
                }
            }
            if (hasRecords) {
                context.addSplice((FileSliceRecords) data.records());
            }
            if (current == null || !sameTopic(current, f, version)) {
                current = new FetchableTopicResponse()
                        .setTopic(version < 13 ? f.key.topic() : "")
                        .setTopicId(version >= 13 ? f.key.topicId() : Uuid.ZERO_UUID);
                response.responses().add(current);
            }
            current.partitions().add(data);
        }
        if (session != null) {
            session.rotate(answered);
            sessions.release(session);
        }
        return response;
    }

    private static boolean sameTopic(FetchableTopicResponse t, PartitionFetch f, short version) {
        return version >= 13 ? t.topicId().equals(f.key.topicId()) : Objects.equals(t.topic(), f.key.topic());
    }

    private static FetchResponseData topLevelError(Errors error, int sessionId) {
        return new FetchResponseData().setErrorCode(error.code()).setSessionId(sessionId);
    }

    @Override
    public FetchResponseData errorResponse(
            RequestContext context, FetchRequestData request, Errors error, String message) {
        return request.errorResponse(context.apiVersion(), error.code(), message);
    }

    /**
     * A fetch waiting for {@code min_bytes} to accumulate: completes when the partitions it reads have that many
     * new bytes below their high watermarks, when a partition changes leadership or disappears, or when
     * {@code max_wait_ms} passes.
     */
    private final class DelayedFetch extends DelayedOperation {
        private final int minBytes;
        private final List<PartitionFetch> fetches;
        private final FetchIsolation isolation;
        private final Runnable completion;

        DelayedFetch(
                long delayMs,
                int minBytes,
                List<PartitionFetch> fetches,
                FetchIsolation isolation,
                Runnable completion) {
            super(delayMs);
            this.minBytes = minBytes;
            this.fetches = fetches;
            this.isolation = isolation;
            this.completion = completion;
        }

        @Override
        public boolean tryComplete() {
            long accumulated = 0;
            for (PartitionFetch f : fetches) {
                if (f.partition == null) {
                    continue;
                }
                if (replicas.partition(f.partition.topicPartition()) != f.partition) {
                    return forceComplete();
                }
                LogOffsetMetadata start = f.fetchOffsetMetadata;
                LogOffsetMetadata end = f.partition.log().highWatermarkMetadata();
                if (start == null || end.offset() < f.fetchOffset) {
                    return forceComplete();
                }
                if (end.offset() > f.fetchOffset) {
                    if (start.segmentBaseOffset() < 0 || !end.onSameSegment(start) || end.position() < 0) {
                        return forceComplete();
                    }
                    accumulated += Math.min(end.position() - start.position(), f.maxBytes);
                }
            }
            return accumulated >= minBytes && forceComplete();
        }

        @Override
        protected void onComplete() {
            completion.run();
        }
    }
}
