package io.runnel.storage;

import io.netty.buffer.ByteBuf;
import io.runnel.protocol.record.RecordBatch;
import io.runnel.protocol.record.TimestampType;
import io.runnel.storage.io.Disk;
import io.runnel.storage.producer.BatchMetadata;
import io.runnel.storage.producer.ProducerStateUpdate;
import io.runnel.storage.segment.LogSegment;
import java.io.IOException;
import java.util.List;
import java.util.OptionalInt;

/**
 * The write side of a {@link Log}: appends as leader (validation, idempotent duplicates, producer epochs and
 * sequences, offset and leader epoch assignment, LogAppendTime) and as follower (the leader's offsets kept), each
 * in one write to the active segment, rolling first when the segment is full or old.
 *
 * <p>Invariants: an append is all or nothing. The leader epoch checkpoint is written before the bytes; a failed
 * write is cut off the segment again and takes the log offline, except a write that found the disk full and was cut
 * off cleanly, which fails only that append (NO_SPACE); the log end offset and the producer state move only after
 * the whole write succeeded. Offsets stay dense: each batch starts where the previous one ended.
 *
 * <p>Thread-safety: validation runs without a lock; everything after it holds the log lock, which also guards the
 * count of records appended since the last flush ({@code flush.messages}).
 */
final class LogAppender {

    private final Log log;
    /** Records appended since the last flush was scheduled; guarded by the log lock. */
    private long unflushedRecords;

    LogAppender(Log log) {
        this.log = log;
    }

    /**
     * Appends the batches of a Produce request (or a coordinator's records) as the leader: validates them
     * ({@link LogValidator}), answers a retried idempotent batch with its original offsets, checks producer
     * epochs and sequences, assigns offsets from the log end offset and the leader epoch in place in {@code
     * records}, stamps LogAppendTime if configured, rolls if needed, and writes everything in one write.
     *
     * <p>Returns when the bytes are in the page cache; the high watermark is not moved (see {@link
     * Log#updateHighWatermark}) and nothing is forced to disk (see {@link Log#flushAsync}).
     *
     * @param records one or more v2 batches; their header fields are modified in place
     * @param leaderEpoch the leader epoch to stamp on the batches and record in the epoch cache
     * @throws StorageException with the reason: CORRUPT_RECORD, INVALID_RECORD, RECORD_TOO_LARGE,
     *     RECORD_LIST_TOO_LARGE, INVALID_TIMESTAMP, OUT_OF_ORDER_SEQUENCE, INVALID_PRODUCER_EPOCH, INVALID_TXN_STATE,
     *     LOG_OFFLINE or LOG_CLOSED
     */
    LogAppendInfo appendAsLeader(ByteBuf records, int leaderEpoch, AppendOrigin origin) {
        if (origin == AppendOrigin.REPLICATION) {
            throw new IllegalArgumentException("Use appendAsFollower for replicated batches");
        }
        LogConfig cfg = log.config;
        long now = log.env.time().milliseconds();
        List<RecordBatch> batches = LogValidator.validate(records, cfg, origin, now);
        if (batches.isEmpty()) {
            return emptyAppend();
        }
        log.lock.lock();
        try {
            log.ensureWritable();
            ProducerStateUpdate update = log.producerState.prepareUpdate();
            if (origin == AppendOrigin.CLIENT) {
                for (RecordBatch batch : batches) {
                    BatchMetadata duplicate = update.findDuplicate(batch);
                    if (duplicate != null) {
                        return duplicateAppend(duplicate, cfg);
                    }
                }
            }
            long offset = log.logEndOffset.offset();
            boolean logAppendTime = cfg.messageTimestampType() == TimestampType.LOG_APPEND_TIME;
            for (RecordBatch batch : batches) {
                batch.setBaseOffset(offset);
                batch.setPartitionLeaderEpoch(leaderEpoch);
                if (logAppendTime) {
                    batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, now);
                }
                update.append(batch, origin);
                offset = batch.nextOffset();
            }
            return write(records, batches, update, logAppendTime ? now : RecordBatch.NO_TIMESTAMP, leaderEpoch, cfg);
        } finally {
            log.lock.unlock();
        }
    }

    /**
     * Appends batches copied from the leader, keeping their offsets and leader epochs. The first batch must start
     * at or after the log end offset; producer state is recorded without checks.
     *
     * @throws StorageException CORRUPT_RECORD, INVALID_RECORD, UNEXPECTED_APPEND_OFFSET, LOG_OFFLINE or LOG_CLOSED
     */
    LogAppendInfo appendAsFollower(ByteBuf records) {
        LogConfig cfg = log.config;
        List<RecordBatch> batches = LogValidator.validate(
                records, cfg, AppendOrigin.REPLICATION, log.env.time().milliseconds());
        if (batches.isEmpty()) {
            return emptyAppend();
        }
        log.lock.lock();
        try {
            log.ensureWritable();
            long end = log.logEndOffset.offset();
            if (batches.get(0).baseOffset() < end) {
                throw new StorageException(
                        StorageError.UNEXPECTED_APPEND_OFFSET,
                        "Replicated batch starts at " + batches.get(0).baseOffset() + ", below the log end offset "
                                + end + " of " + log.topicPartition);
            }
            ProducerStateUpdate update = log.producerState.prepareUpdate();
            for (RecordBatch batch : batches) {
                update.append(batch, AppendOrigin.REPLICATION);
            }
            return write(records, batches, update, RecordBatch.NO_TIMESTAMP, -1, cfg);
        } finally {
            log.lock.unlock();
        }
    }

    /** Writes validated batches with offsets assigned; called under the lock. */
    private LogAppendInfo write(
            ByteBuf records,
            List<RecordBatch> batches,
            ProducerStateUpdate update,
            long logAppendTime,
            int leaderEpoch,
            LogConfig cfg) {
        RecordBatch first = batches.get(0);
        RecordBatch last = batches.get(batches.size() - 1);
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        long offsetOfMax = first.baseOffset();
        int recordCount = 0;
        for (RecordBatch b : batches) {
            if (b.maxTimestamp() > maxTimestamp) {
                maxTimestamp = b.maxTimestamp();
                offsetOfMax = b.baseOffset();
            }
            recordCount += b.recordsCount();
        }
        int size = records.readableBytes();
        try {
            // The epoch goes first: if its checkpoint cannot be written, nothing is appended.
            if (leaderEpoch >= 0) {
                maybeAssignEpoch(leaderEpoch, first.baseOffset());
            } else {
                for (RecordBatch b : batches) {
                    maybeAssignEpoch(b.partitionLeaderEpoch(), b.baseOffset());
                }
            }
        } catch (IOException e) {
            throw log.markOffline("write the leader epoch checkpoint of " + log.topicPartition, e);
        }
        try {
            LogSegment active = log.segments.active();
            long now = log.env.time().milliseconds();
            if (active.shouldRoll(size, last.lastOffset(), maxTimestamp, cfg.segmentBytes(), cfg.segmentMs(), now)) {
                long base = log.logEndOffset.offset();
                if (last.lastOffset() - base > Integer.MAX_VALUE) {
                    base = first.baseOffset();
                }
                active = log.roll(base);
            }
            appendTo(active, records);
        } catch (IOException e) {
            throw log.markOffline("append to " + log.topicPartition, e);
        }
        log.producerState.commit(update, last.nextOffset());
        log.firstUnstableOffset = log.producerState.firstUnstableOffset();
        LogSegment active = log.segments.active();
        log.logEndOffset = new LogOffsetMetadata(last.nextOffset(), active.baseOffset(), active.size());
        unflushedRecords += recordCount;
        if (unflushedRecords >= cfg.flushMessages()) {
            unflushedRecords = 0;
            log.flusher.scheduleFlush();
        }
        return new LogAppendInfo(
                first.baseOffset(),
                last.lastOffset(),
                maxTimestamp,
                offsetOfMax,
                logAppendTime,
                log.logStartOffset,
                recordCount,
                batches.size(),
                size,
                false);
    }

    /**
     * Writes to the active segment; a failed write is cut off again. When the disk was full and the cut succeeded,
     * nothing of the append is left and the log is as it was, so it stays online and the append fails with
     * NO_SPACE; any other failure is thrown for the caller to take the log offline.
     */
    private void appendTo(LogSegment active, ByteBuf records) throws IOException {
        try {
            active.append(records);
        } catch (IOException e) {
            try {
                active.log().truncateTo(active.size());
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
                throw e;
            }
            if (Disk.isOutOfSpace(e) && log.offline == null) {
                throw new StorageException(
                        StorageError.NO_SPACE,
                        "No space left on the disk of " + log.directory + " for " + records.readableBytes()
                                + " bytes of " + log.topicPartition + "; nothing was written, the log stays online",
                        e);
            }
            throw e;
        }
    }

    private void maybeAssignEpoch(int epoch, long startOffset) throws IOException {
        if (epoch < 0) {
            return;
        }
        OptionalInt latest = log.epochCache.latestEpoch();
        if (latest.isEmpty() || epoch > latest.getAsInt()) {
            log.epochCache.assign(epoch, startOffset);
        }
    }

    private LogAppendInfo emptyAppend() {
        return new LogAppendInfo(
                -1, -1, RecordBatch.NO_TIMESTAMP, -1, RecordBatch.NO_TIMESTAMP, log.logStartOffset, 0, 0, 0, false);
    }

    private LogAppendInfo duplicateAppend(BatchMetadata duplicate, LogConfig cfg) {
        long appendTime = cfg.messageTimestampType() == TimestampType.LOG_APPEND_TIME
                ? duplicate.timestamp()
                : RecordBatch.NO_TIMESTAMP;
        return new LogAppendInfo(
                duplicate.firstOffset(),
                duplicate.lastOffset(),
                duplicate.timestamp(),
                duplicate.firstOffset(),
                appendTime,
                log.logStartOffset,
                (int) (duplicate.lastOffset() - duplicate.firstOffset() + 1),
                1,
                0,
                true);
    }
}
