package io.runnel.broker.partition;

import io.netty.buffer.ByteBuf;
import io.runnel.common.Uuid;
import io.runnel.protocol.Errors;
import io.runnel.storage.AppendOrigin;
import io.runnel.storage.FetchIsolation;
import io.runnel.storage.Log;
import io.runnel.storage.LogAppendInfo;
import io.runnel.storage.LogReadInfo;
import io.runnel.storage.TopicPartition;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One partition this broker leads: its log, topic id and leader epoch, and the rule for its high watermark. On a
 * single node the in-sync replicas are the leader alone, so the high watermark follows the log end offset — at
 * once when acknowledgements need only the page cache, or after the fsync that covers an append in durable mode
 * ({@code runnel.acks.all.durable}), so consumers never see records a crash could take back.
 *
 * <p>Thread-safe: the log serialises appends; the high watermark only moves forward.
 */
public final class Partition {

    private final TopicPartition topicPartition;
    private final Uuid topicId;
    private final Log log;
    private final int leaderEpoch;
    private final boolean durable;
    private final Consumer<Partition> onHighWatermark;

    Partition(
            TopicPartition topicPartition,
            Uuid topicId,
            Log log,
            int leaderEpoch,
            boolean durable,
            Consumer<Partition> onHighWatermark) {
        this.topicPartition = topicPartition;
        this.topicId = topicId;
        this.log = log;
        this.leaderEpoch = leaderEpoch;
        this.durable = durable;
        this.onHighWatermark = onHighWatermark;
        if (log.leaderEpochCache().latestEpoch().orElse(-1) < leaderEpoch) {
            log.assignEpochStartOffset(leaderEpoch, log.logEndOffset());
        }
        // As a Kafka leader whose ISR is itself does on becoming leader: the high watermark covers the log (in
        // durable mode, what is on disk, which after recovery is all of it). The checkpointed high watermark lags
        // after an unclean stop, and without this consumers would not see acknowledged records until the next append.
        long committed = durable ? Math.min(log.durableOffset(), log.logEndOffset()) : log.logEndOffset();
        if (committed > log.highWatermark()) {
            log.updateHighWatermark(committed);
        }
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public Uuid topicId() {
        return topicId;
    }

    public Log log() {
        return log;
    }

    public int leaderEpoch() {
        return leaderEpoch;
    }

    /**
     * Checks the leader epoch a client believes current (-1: not checked): FENCED_LEADER_EPOCH when the client's
     * is older than ours, UNKNOWN_LEADER_EPOCH when newer (this broker has not caught up), NONE otherwise.
     */
    public Errors checkLeaderEpoch(int currentLeaderEpoch) {
        if (currentLeaderEpoch < 0 || currentLeaderEpoch == leaderEpoch) {
            return Errors.NONE;
        }
        return currentLeaderEpoch < leaderEpoch ? Errors.FENCED_LEADER_EPOCH : Errors.UNKNOWN_LEADER_EPOCH;
    }

    /**
     * An append and its commitment: {@code committed} completes when the records are below the high watermark —
     * at once in page-cache mode, after the fsync that covers them in durable mode.
     */
    public record Appended(LogAppendInfo info, CompletableFuture<Void> committed) {}

    /** Appends a producer's batches. */
    public Appended appendRecordsFromClient(ByteBuf records) {
        return commit(log.appendAsLeader(records, leaderEpoch, AppendOrigin.CLIENT));
    }

    /** Appends records written by the broker's own coordinators (e.g. committed offsets). */
    public Appended appendRecordsFromCoordinator(ByteBuf records) {
        return commit(log.appendAsLeader(records, leaderEpoch, AppendOrigin.COORDINATOR));
    }

    private Appended commit(LogAppendInfo info) {
        if (info.recordCount() == 0 && !info.duplicate()) {
            return new Appended(info, CompletableFuture.completedFuture(null));
        }
        long end = info.lastOffset() + 1;
        if (!durable) {
            advanceHighWatermark(log.logEndOffset());
            return new Appended(info, CompletableFuture.completedFuture(null));
        }
        // Every append in durable mode joins a group commit, whatever the producer's acks: the high watermark
        // (what consumers may read) only moves past records that are on disk.
        CompletableFuture<Void> committed = log.flushAsync(end)
                .thenRun(() -> advanceHighWatermark(Math.min(log.durableOffset(), log.logEndOffset())));
        return new Appended(info, committed);
    }

    public boolean isDurable() {
        return durable;
    }

    private void advanceHighWatermark(long offset) {
        if (offset > log.highWatermark()) {
            log.updateHighWatermark(offset);
            onHighWatermark.accept(this);
        }
    }

    public LogReadInfo read(long fetchOffset, int maxBytes, FetchIsolation isolation, boolean minOneBatch) {
        return log.read(fetchOffset, maxBytes, isolation, minOneBatch);
    }

    @Override
    public String toString() {
        return "Partition(" + topicPartition + ", epoch " + leaderEpoch + ")";
    }
}
