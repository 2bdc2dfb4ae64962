package io.runnel.storage;

import io.netty.buffer.ByteBuf;
import io.runnel.protocol.record.CorruptRecordException;
import io.runnel.protocol.record.Record;
import io.runnel.protocol.record.RecordBatch;
import io.runnel.protocol.record.TimestampType;
import io.runnel.storage.epoch.EpochEndOffset;
import io.runnel.storage.epoch.LeaderEpochCache;
import io.runnel.storage.producer.BatchMetadata;
import io.runnel.storage.producer.ProducerStateEntry;
import io.runnel.storage.producer.ProducerStateManager;
import io.runnel.storage.producer.ProducerStateUpdate;
import io.runnel.storage.segment.BatchLocation;
import io.runnel.storage.segment.BatchScanner;
import io.runnel.storage.segment.LogSegment;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of one partition: a directory {@code <topic>-<partition>/} of {@link LogSegment}s, the producer state
 * ({@code .snapshot} files), and the leader epoch cache ({@code leader-epoch-checkpoint}). See the module README
 * for the layout and the recovery rules.
 *
 * <p>Offsets, which are kept apart: the <em>log start offset</em> (first offset readable; raised by retention and
 * DeleteRecords), the <em>high watermark</em> (set by the caller: the last offset consumers may read, exclusive),
 * the <em>last stable offset</em> (the high watermark or the first offset of the earliest open transaction), the
 * <em>log end offset</em> (offset of the next append), the <em>durable offset</em> (everything below is fsynced),
 * and the <em>recovery point</em> (everything below is fsynced with its indexes and needs no scan after a crash).
 * Always: log start &lt;= high watermark &lt;= log end, and recovery point &lt;= durable offset &lt;= log end.
 *
 * <p>Writes: {@link #appendAsLeader} validates batches, assigns offsets in place, enforces idempotence and writes
 * them to the page cache in one write. Durability is separate: {@link #flushAsync} (group commit) completes when
 * an offset is on disk; {@code flush.messages}/{@code flush.ms} flush in the background; by default, as in Kafka,
 * only rolls and clean shutdown flush. A failed write or fsync takes the log offline: every later call throws
 * {@link StorageError#LOG_OFFLINE} and nothing partially written is ever visible.
 *
 * <p>Thread-safety: safe for concurrent use. Appends, rolls, truncation, retention and config changes are
 * serialised by a lock; reads take no lock and see whole batches up to the log end offset published after each
 * write; fsyncs run under a separate flush lock so appends continue while a flush is in progress.
 */
public final class Log implements AutoCloseable {

    /** ListOffsets: the latest offset (log end, high watermark or last stable offset by isolation). */
    public static final long LATEST_TIMESTAMP = -1L;
    /** ListOffsets: the log start offset. */
    public static final long EARLIEST_TIMESTAMP = -2L;
    /** ListOffsets: the offset of the record with the largest timestamp. */
    public static final long MAX_TIMESTAMP = -3L;
    /** ListOffsets: the earliest offset on local disk, the log start offset here (there is no tiered storage). */
    public static final long EARLIEST_LOCAL_TIMESTAMP = -4L;

    private static final Logger log = LoggerFactory.getLogger(Log.class);

    private final TopicPartition topicPartition;
    private final Path directory;
    private final LogEnvironment env;
    private final LogSegments segments;
    private final ProducerStateManager producerState;
    private final LeaderEpochCache epochCache;
    private final ReentrantLock lock = new ReentrantLock();
    private final Object flushLock = new Object();
    private final DurabilityWaiters waiters = new DurabilityWaiters();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();

    private volatile LogConfig config;
    private volatile long logStartOffset;
    private volatile LogOffsetMetadata logEndOffset;
    private volatile LogOffsetMetadata highWatermark;
    private volatile long firstUnstableOffset = -1;
    private volatile long recoveryPoint;
    private volatile long durableOffset;
    private volatile long lastFlushMs;
    /** Segments were created or deleted since the directory was last synced. */
    private volatile boolean directoryDirty;

    private volatile StorageException offline;
    /** Set once the offline listener has been told: from then on, durability waiters fail at once. */
    private volatile StorageException offlineAnnounced;

    private volatile boolean closed;
    /** Records appended since the last flush; guarded by {@code lock}. */
    private long unflushedRecords;
    /** Offsets below this were compacted at least once (the "first dirty offset" of Kafka's cleaner). */
    private volatile long cleanerCheckpoint;

    Log(
            TopicPartition topicPartition,
            Path directory,
            LogConfig config,
            LogEnvironment env,
            LogSegments segments,
            ProducerStateManager producerState,
            LeaderEpochCache epochCache,
            long logStartOffset,
            long recoveryPoint,
            long highWatermark) {
        this.topicPartition = topicPartition;
        this.directory = directory;
        this.config = config;
        this.env = env;
        this.segments = segments;
        this.producerState = producerState;
        this.epochCache = epochCache;
        this.logStartOffset = logStartOffset;
        LogSegment active = segments.active();
        this.logEndOffset = new LogOffsetMetadata(active.nextOffset(), active.baseOffset(), active.size());
        this.recoveryPoint = Math.min(recoveryPoint, logEndOffset.offset());
        this.durableOffset = this.recoveryPoint;
        this.lastFlushMs = env.time().milliseconds();
        this.firstUnstableOffset = producerState.firstUnstableOffset();
        this.highWatermark = logEndOffset;
        setHighWatermark(Math.max(logStartOffset, Math.min(highWatermark, logEndOffset.offset())));
    }

    /**
     * Opens the log in {@code directory} (creating it if needed), recovering it if the previous shutdown was not
     * clean: see {@link LogLoader}.
     *
     * @param recoveryPoint the checkpointed recovery point (0 when unknown)
     * @param logStartOffset the checkpointed log start offset (0 when unknown)
     * @param highWatermark the checkpointed high watermark (0 when unknown)
     * @param hadCleanShutdown whether the log directory's clean shutdown marker was present
     * @throws IOException when the directory cannot be read or repaired
     */
    public static Log open(
            Path directory,
            TopicPartition topicPartition,
            LogConfig config,
            LogEnvironment env,
            long recoveryPoint,
            long logStartOffset,
            long highWatermark,
            boolean hadCleanShutdown)
            throws IOException {
        return new LogLoader(directory, topicPartition, config, env, recoveryPoint, logStartOffset, hadCleanShutdown)
                .load(highWatermark);
    }

    // ------------------------------------------------------------------------------------------------ accessors

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public Path directory() {
        return directory;
    }

    public LogConfig config() {
        return config;
    }

    public long logStartOffset() {
        return logStartOffset;
    }

    public long logEndOffset() {
        return logEndOffset.offset();
    }

    public LogOffsetMetadata logEndOffsetMetadata() {
        return logEndOffset;
    }

    public long highWatermark() {
        return highWatermark.offset();
    }

    public LogOffsetMetadata highWatermarkMetadata() {
        return highWatermark;
    }

    /** The high watermark, or the first offset of the earliest open transaction when that is lower. */
    public long lastStableOffset() {
        long unstable = firstUnstableOffset;
        long hw = highWatermark.offset();
        return unstable >= 0 && unstable < hw ? unstable : hw;
    }

    public long recoveryPoint() {
        return recoveryPoint;
    }

    /** Every offset below this is on disk. */
    public long durableOffset() {
        return durableOffset;
    }

    /** The bytes of all segments. */
    public long size() {
        long total = 0;
        for (LogSegment s : segments.all()) {
            total += s.size();
        }
        return total;
    }

    public int numberOfSegments() {
        return segments.count();
    }

    /** A snapshot of the segments, oldest first (for tools, the cleaner and tests). */
    public List<LogSegment> segments() {
        return new ArrayList<>(segments.all());
    }

    public boolean isOffline() {
        return offline != null;
    }

    /** The latest leader epoch written to this log. */
    public OptionalInt latestEpoch() {
        return epochCache.latestEpoch();
    }

    /** OffsetsForLeaderEpoch: where {@code epoch} ends in this log. */
    public EpochEndOffset endOffsetForEpoch(int epoch) {
        return epochCache.endOffsetFor(epoch, logEndOffset());
    }

    /** The leader epoch cache (read-only use by the broker: listing entries, looking up an offset's epoch). */
    public LeaderEpochCache leaderEpochCache() {
        return epochCache;
    }

    /** Copies of the state of every producer id that wrote to this log (DescribeProducers). */
    public Map<Long, ProducerStateEntry> activeProducers() {
        lock.lock();
        try {
            return producerState.activeProducers();
        } finally {
            lock.unlock();
        }
    }

    // ----------------------------------------------------------------------------------------------- appending

    /**
     * Appends the batches of a Produce request (or a coordinator's records) as the leader: validates them
     * ({@link LogValidator}), answers a retried idempotent batch with its original offsets, checks producer
     * epochs and sequences, assigns offsets from the log end offset and the leader epoch in place in {@code
     * records}, stamps LogAppendTime if configured, rolls if needed, and writes everything in one write.
     *
     * <p>Returns when the bytes are in the page cache; the high watermark is not moved (see {@link
     * #updateHighWatermark}) and nothing is forced to disk (see {@link #flushAsync}).
     *
     * @param records one or more v2 batches; their header fields are modified in place
     * @param leaderEpoch the leader epoch to stamp on the batches and record in the epoch cache
     * @throws StorageException with the reason: CORRUPT_RECORD, INVALID_RECORD, RECORD_TOO_LARGE,
     *     RECORD_LIST_TOO_LARGE, INVALID_TIMESTAMP, OUT_OF_ORDER_SEQUENCE, INVALID_PRODUCER_EPOCH, INVALID_TXN_STATE,
     *     LOG_OFFLINE or LOG_CLOSED
     */
    public LogAppendInfo appendAsLeader(ByteBuf records, int leaderEpoch, AppendOrigin origin) {
        if (origin == AppendOrigin.REPLICATION) {
            throw new IllegalArgumentException("Use appendAsFollower for replicated batches");
        }
        LogConfig cfg = config;
        long now = env.time().milliseconds();
        List<RecordBatch> batches = LogValidator.validate(records, cfg, origin, now);
        if (batches.isEmpty()) {
            return emptyAppend();
        }
        lock.lock();
        try {
            ensureWritable();
            ProducerStateUpdate update = producerState.prepareUpdate();
            if (origin == AppendOrigin.CLIENT) {
                for (RecordBatch batch : batches) {
                    BatchMetadata duplicate = update.findDuplicate(batch);
                    if (duplicate != null) {
                        return duplicateAppend(duplicate, cfg);
                    }
                }
            }
            long offset = logEndOffset.offset();
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
            lock.unlock();
        }
    }

    /**
     * Appends batches copied from the leader, keeping their offsets and leader epochs. The first batch must start
     * at or after the log end offset; producer state is recorded without checks.
     *
     * @throws StorageException CORRUPT_RECORD, INVALID_RECORD, UNEXPECTED_APPEND_OFFSET, LOG_OFFLINE or LOG_CLOSED
     */
    public LogAppendInfo appendAsFollower(ByteBuf records) {
        LogConfig cfg = config;
        List<RecordBatch> batches = LogValidator.validate(
                records, cfg, AppendOrigin.REPLICATION, env.time().milliseconds());
        if (batches.isEmpty()) {
            return emptyAppend();
        }
        lock.lock();
        try {
            ensureWritable();
            long end = logEndOffset.offset();
            if (batches.get(0).baseOffset() < end) {
                throw new StorageException(
                        StorageError.UNEXPECTED_APPEND_OFFSET,
                        "Replicated batch starts at " + batches.get(0).baseOffset() + ", below the log end offset "
                                + end + " of " + topicPartition);
            }
            ProducerStateUpdate update = producerState.prepareUpdate();
            for (RecordBatch batch : batches) {
                update.append(batch, AppendOrigin.REPLICATION);
            }
            return write(records, batches, update, RecordBatch.NO_TIMESTAMP, -1, cfg);
        } finally {
            lock.unlock();
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
            throw markOffline("write the leader epoch checkpoint of " + topicPartition, e);
        }
        try {
            LogSegment active = segments.active();
            long now = env.time().milliseconds();
            if (active.shouldRoll(size, last.lastOffset(), maxTimestamp, cfg.segmentBytes(), cfg.segmentMs(), now)) {
                long base = logEndOffset.offset();
                if (last.lastOffset() - base > Integer.MAX_VALUE) {
                    base = first.baseOffset();
                }
                active = roll(base);
            }
            appendTo(active, records);
        } catch (IOException e) {
            throw markOffline("append to " + topicPartition, e);
        }
        producerState.commit(update, last.nextOffset());
        firstUnstableOffset = producerState.firstUnstableOffset();
        LogSegment active = segments.active();
        logEndOffset = new LogOffsetMetadata(last.nextOffset(), active.baseOffset(), active.size());
        unflushedRecords += recordCount;
        if (unflushedRecords >= cfg.flushMessages()) {
            scheduleFlush();
        }
        return new LogAppendInfo(
                first.baseOffset(),
                last.lastOffset(),
                maxTimestamp,
                offsetOfMax,
                logAppendTime,
                logStartOffset,
                recordCount,
                batches.size(),
                size,
                false);
    }

    private void appendTo(LogSegment active, ByteBuf records) throws IOException {
        try {
            active.append(records);
        } catch (IOException e) {
            try {
                active.log().truncateTo(active.size());
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private void maybeAssignEpoch(int epoch, long startOffset) throws IOException {
        if (epoch < 0) {
            return;
        }
        OptionalInt latest = epochCache.latestEpoch();
        if (latest.isEmpty() || epoch > latest.getAsInt()) {
            epochCache.assign(epoch, startOffset);
        }
    }

    /**
     * Records that {@code epoch} starts at {@code startOffset}, as a new leader does before its first append.
     *
     * @throws StorageException LOG_OFFLINE when the checkpoint cannot be written
     */
    public void assignEpochStartOffset(int epoch, long startOffset) {
        lock.lock();
        try {
            ensureWritable();
            epochCache.assign(epoch, startOffset);
        } catch (IOException e) {
            throw markOffline("write the leader epoch checkpoint of " + topicPartition, e);
        } finally {
            lock.unlock();
        }
    }

    private LogAppendInfo emptyAppend() {
        return new LogAppendInfo(
                -1, -1, RecordBatch.NO_TIMESTAMP, -1, RecordBatch.NO_TIMESTAMP, logStartOffset, 0, 0, 0, false);
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
                logStartOffset,
                (int) (duplicate.lastOffset() - duplicate.firstOffset() + 1),
                1,
                0,
                true);
    }

    /** Starts a new segment at the log end offset if the active one is not empty; returns the active segment. */
    public LogSegment roll() {
        lock.lock();
        try {
            ensureWritable();
            LogSegment active = segments.active();
            if (active.isEmpty()) {
                return active;
            }
            return roll(logEndOffset.offset());
        } catch (IOException e) {
            throw markOffline("roll " + topicPartition, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Seals the active segment, snapshots producer state, creates the segment at {@code baseOffset}, and flushes
     * what came before in the background (which advances the recovery point). Called under the lock.
     */
    private LogSegment roll(long baseOffset) throws IOException {
        LogSegment previous = segments.active();
        LogConfig cfg = config;
        if (previous.isEmpty()) {
            if (previous.baseOffset() == baseOffset) {
                return previous;
            }
            // Only an offset jump too large for relative offsets rolls an empty segment: replace it.
            segments.remove(previous);
            previous.closeAndDelete();
        } else {
            producerState.takeSnapshot();
            previous.seal();
        }
        LogSegment next = LogSegment.create(
                env.disk(),
                directory,
                baseOffset,
                cfg.indexIntervalBytes(),
                cfg.segmentIndexBytes(),
                env.time().milliseconds(),
                rollJitter(cfg));
        segments.add(next);
        directoryDirty = true;
        logEndOffset = new LogOffsetMetadata(logEndOffset.offset(), next.baseOffset(), 0);
        log.debug("Rolled {} to a new segment at {}", topicPartition, baseOffset);
        long flushTo = baseOffset;
        env.ioExecutor().execute(() -> {
            try {
                flush(flushTo);
            } catch (StorageException e) {
                log.debug("Flush after roll of {} failed: {}", topicPartition, e.getMessage());
            }
        });
        return next;
    }

    private static long rollJitter(LogConfig cfg) {
        long bound = Math.min(cfg.segmentJitterMs(), cfg.segmentMs());
        return bound <= 0 ? 0 : ThreadLocalRandom.current().nextLong(bound);
    }

    /**
     * Sets the high watermark (clamped to [log start, log end]); a single-node broker sets it to the log end offset
     * after each append (or after the group-commit fsync).
     */
    public void updateHighWatermark(long offset) {
        lock.lock();
        try {
            setHighWatermark(Math.max(logStartOffset, Math.min(offset, logEndOffset.offset())));
        } finally {
            lock.unlock();
        }
    }

    private void setHighWatermark(long offset) {
        highWatermark = offsetMetadata(offset);
    }

    /** Where {@code offset} lies: the batch containing it or the next one, or the log end. */
    private LogOffsetMetadata offsetMetadata(long offset) {
        LogOffsetMetadata end = logEndOffset;
        if (offset >= end.offset()) {
            return end;
        }
        try {
            for (LogSegment segment : segments.from(offset)) {
                BatchLocation location = segment.locate(offset, segment.size());
                if (location != null) {
                    return new LogOffsetMetadata(offset, segment.baseOffset(), location.position());
                }
            }
        } catch (IOException e) {
            throw markOffline("read " + topicPartition, e);
        }
        return new LogOffsetMetadata(offset, end.segmentBaseOffset(), end.position());
    }

    /**
     * Raises the log start offset (DeleteRecords). Segments wholly below it are deleted by the next retention
     * pass; reads below it fail at once.
     *
     * @return whether it moved
     * @throws StorageException OFFSET_OUT_OF_RANGE when {@code newStart} is above the high watermark
     */
    public boolean maybeIncrementLogStartOffset(long newStart) {
        lock.lock();
        try {
            ensureWritable();
            if (newStart > highWatermark.offset()) {
                throw new StorageException(
                        StorageError.OFFSET_OUT_OF_RANGE,
                        "Cannot move the log start offset of " + topicPartition + " to " + newStart
                                + ", above the high watermark " + highWatermark.offset());
            }
            if (newStart <= logStartOffset) {
                return false;
            }
            advanceLogStartOffset(newStart);
            return true;
        } catch (IOException e) {
            throw markOffline("advance the log start offset of " + topicPartition, e);
        } finally {
            lock.unlock();
        }
    }

    private void advanceLogStartOffset(long newStart) throws IOException {
        logStartOffset = newStart;
        epochCache.truncateFromStart(newStart);
        producerState.evictProducersBelow(newStart);
        firstUnstableOffset = producerState.firstUnstableOffset();
    }

    public void updateConfig(LogConfig newConfig) {
        lock.lock();
        try {
            this.config = newConfig;
            segments.active().setIndexIntervalBytes(newConfig.indexIntervalBytes());
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------------------------------------- reading

    /**
     * Reads whole batches from {@code fetchOffset}: the slice starts at the batch that contains it (which may
     * hold earlier records; consumers skip them) and ends at the last whole batch within {@code maxBytes}, never
     * past the bound set by {@code isolation}. Reads one segment at most. When the first batch alone is larger than
     * {@code maxBytes}, it is returned whole if {@code minOneBatch}, else the slice is empty. An offset at or above
     * the bound gives an empty slice.
     *
     * @throws StorageException OFFSET_OUT_OF_RANGE when {@code fetchOffset} is below the log start or above the
     *     log end; LOG_OFFLINE
     */
    public LogReadInfo read(long fetchOffset, int maxBytes, FetchIsolation isolation, boolean minOneBatch) {
        ensureReadable();
        LogOffsetMetadata end = logEndOffset;
        LogOffsetMetadata hw = highWatermark;
        long start = logStartOffset;
        if (fetchOffset < start || fetchOffset > end.offset()) {
            throw new StorageException(
                    StorageError.OFFSET_OUT_OF_RANGE,
                    "Offset " + fetchOffset + " is outside [" + start + ", " + end.offset() + "] of " + topicPartition);
        }
        LogOffsetMetadata bound =
                switch (isolation) {
                    case LOG_END -> end;
                    case HIGH_WATERMARK -> hw;
                    case TXN_COMMITTED -> lastStableOffsetMetadata(hw);
                };
        long lso = lastStableOffset();
        if (fetchOffset >= bound.offset()) {
            LogOffsetMetadata at = fetchOffset == end.offset() ? end : new LogOffsetMetadata(fetchOffset, -1, -1);
            return new LogReadInfo(at, FileSlice.EMPTY, hw.offset(), start, end.offset(), lso);
        }
        try {
            for (LogSegment segment : segments.from(fetchOffset)) {
                if (segment.baseOffset() > bound.segmentBaseOffset()) {
                    break;
                }
                int maxPosition = segment.baseOffset() == bound.segmentBaseOffset() ? bound.position() : segment.size();
                BatchLocation first = segment.locate(fetchOffset, maxPosition);
                if (first == null) {
                    continue;
                }
                int endPosition =
                        segment.endPosition(first.position(), first.size(), maxBytes, maxPosition, minOneBatch);
                FileSlice slice =
                        new FileSlice(segment.log().channel(), first.position(), endPosition - first.position());
                return new LogReadInfo(
                        new LogOffsetMetadata(fetchOffset, segment.baseOffset(), first.position()),
                        slice,
                        hw.offset(),
                        start,
                        end.offset(),
                        lso);
            }
        } catch (IOException e) {
            throw markOffline("read " + topicPartition, e);
        }
        return new LogReadInfo(
                new LogOffsetMetadata(fetchOffset, -1, -1), FileSlice.EMPTY, hw.offset(), start, end.offset(), lso);
    }

    private LogOffsetMetadata lastStableOffsetMetadata(LogOffsetMetadata hw) {
        long unstable = firstUnstableOffset;
        if (unstable < 0 || unstable >= hw.offset()) {
            return hw;
        }
        return offsetMetadata(unstable);
    }

    /**
     * ListOffsets for this log. {@code timestamp} is a time (the first record at or after it), or one of
     * {@link #EARLIEST_TIMESTAMP}, {@link #EARLIEST_LOCAL_TIMESTAMP}, {@link #LATEST_TIMESTAMP}, {@link
     * #MAX_TIMESTAMP}. Results at or above the isolation bound are not returned (empty), except the latest offset,
     * which is the bound itself.
     *
     * <p>For a time, the answer is the first record (at or after the log start) whose timestamp is at or after it,
     * with that record's timestamp: batch headers and the time index find the batch, then its records are read.
     * {@link #MAX_TIMESTAMP} gives the first record carrying the largest timestamp in the log.
     */
    public Optional<TimestampAndOffset> offsetForTimestamp(long timestamp, FetchIsolation isolation) {
        ensureReadable();
        long bound =
                switch (isolation) {
                    case LOG_END -> logEndOffset();
                    case HIGH_WATERMARK -> highWatermark();
                    case TXN_COMMITTED -> lastStableOffset();
                };
        if (timestamp == EARLIEST_TIMESTAMP || timestamp == EARLIEST_LOCAL_TIMESTAMP) {
            long start = logStartOffset;
            return Optional.of(
                    new TimestampAndOffset(RecordBatch.NO_TIMESTAMP, start, epochCache.epochForOffset(start)));
        }
        if (timestamp == LATEST_TIMESTAMP) {
            return Optional.of(new TimestampAndOffset(RecordBatch.NO_TIMESTAMP, bound, epochCache.latestEpoch()));
        }
        try {
            if (timestamp == MAX_TIMESTAMP) {
                return maxTimestampRecord(bound);
            }
            if (timestamp < 0) {
                throw new IllegalArgumentException("Unsupported ListOffsets timestamp " + timestamp);
            }
            long start = logStartOffset;
            for (LogSegment s : segments.all()) {
                if (s.maxTimestamp() < timestamp || s.nextOffset() <= start) {
                    continue;
                }
                BatchLocation found = s.locateTimestamp(timestamp, start, s.size());
                while (found != null) {
                    if (found.baseOffset() >= bound) {
                        return Optional.empty();
                    }
                    for (Record record : s.readBatch(found)) {
                        if (record.offset() >= start && record.timestamp() >= timestamp) {
                            if (record.offset() >= bound) {
                                return Optional.empty();
                            }
                            return Optional.of(new TimestampAndOffset(
                                    record.timestamp(), record.offset(), epochCache.epochForOffset(record.offset())));
                        }
                    }
                    found = s.locateTimestampFrom(found.endPosition(), timestamp, start, s.size());
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw markOffline("read " + topicPartition, e);
        } catch (CorruptRecordException e) {
            throw new StorageException(
                    StorageError.CORRUPT_RECORD, "Unreadable batch in " + topicPartition + ": " + e.getMessage(), e);
        }
    }

    /** The first record carrying the log's largest timestamp, if it lies below {@code bound}. */
    private Optional<TimestampAndOffset> maxTimestampRecord(long bound) throws IOException {
        LogSegment best = null;
        for (LogSegment s : segments.all()) {
            if (s.maxTimestamp() >= 0 && (best == null || s.maxTimestamp() > best.maxTimestamp())) {
                best = s;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        long start = logStartOffset;
        long offset = Math.max(best.offsetOfMaxTimestamp(), start);
        BatchLocation batch = best.locate(offset, best.size());
        if (batch != null) {
            for (Record record : best.readBatch(batch)) {
                if (record.offset() >= start && record.timestamp() == best.maxTimestamp()) {
                    offset = record.offset();
                    break;
                }
            }
        }
        if (offset >= bound) {
            return Optional.empty();
        }
        return Optional.of(new TimestampAndOffset(best.maxTimestamp(), offset, epochCache.epochForOffset(offset)));
    }

    // ------------------------------------------------------------------------------------------------ flushing

    /**
     * Completes when every offset below {@code offset} is on disk. Group commit: while one fsync runs, further
     * callers queue, and the next fsync (of everything appended by then) completes them all, so the number of
     * fsyncs per second does not grow with the number of appenders. The fsync runs on the environment's I/O
     * executor. Completes exceptionally with LOG_OFFLINE when the fsync fails.
     */
    public CompletableFuture<Void> flushAsync(long offset) {
        offset = Math.min(offset, logEndOffset.offset());
        if (offset <= durableOffset) {
            return CompletableFuture.completedFuture(null);
        }
        StorageException down = offlineAnnounced;
        if (down != null) {
            return CompletableFuture.failedFuture(down);
        }
        CompletableFuture<Void> future = new CompletableFuture<>();
        if (waiters.add(offset, future)) {
            try {
                env.ioExecutor().execute(this::groupCommitLoop);
            } catch (RuntimeException e) {
                failWaiters(new StorageException(StorageError.LOG_CLOSED, "I/O executor refused the flush", e));
            }
        }
        // A waiter added after markOffline failed the others is failed here.
        down = offlineAnnounced;
        if (down != null) {
            failWaiters(down);
        }
        return future;
    }

    private void groupCommitLoop() {
        while (true) {
            long target = logEndOffset.offset();
            try {
                syncData(target);
            } catch (IOException e) {
                markOffline("fsync " + topicPartition, e);
                return;
            } catch (StorageException e) {
                if (offline != null && offlineAnnounced == null) {
                    // markOffline, under way on another thread, fails the waiters once it has told the listener.
                    return;
                }
                failWaiters(e);
                return;
            }
            DurabilityWaiters.Satisfied satisfied = waiters.satisfy(durableOffset);
            satisfied.futures().forEach(f -> f.complete(null));
            if (satisfied.loopStopped()) {
                return;
            }
            if (durableOffset >= logEndOffset.offset()) {
                // Everything is on disk, so the rest wait for offsets a truncation removed.
                failWaiters(new StorageException(
                        StorageError.OFFSET_OUT_OF_RANGE,
                        "The log of " + topicPartition + " was truncated below offsets awaiting flush"));
                return;
            }
        }
    }

    /** Forces the data of every segment holding offsets from the durable offset to {@code target}. */
    private void syncData(long target) throws IOException {
        synchronized (flushLock) {
            ensureReadable();
            if (target <= durableOffset && !directoryDirty) {
                return;
            }
            for (LogSegment segment : segments.between(durableOffset, target)) {
                segment.flushData();
            }
            syncDirectoryIfDirty();
            durableOffset = Math.max(durableOffset, Math.min(target, logEndOffset.offset()));
        }
    }

    private void syncDirectoryIfDirty() throws IOException {
        if (directoryDirty) {
            directoryDirty = false;
            try {
                env.disk().syncDirectory(directory);
            } catch (IOException e) {
                directoryDirty = true;
                throw e;
            }
        }
    }

    /** Flushes everything appended so far (data and indexes) and advances the recovery point to the log end. */
    public void flush() {
        flush(logEndOffset.offset());
    }

    /**
     * Forces data and indexes of the segments holding offsets from the recovery point up to {@code offset}, then
     * advances the recovery point (and the durable offset) to it.
     *
     * @throws StorageException LOG_OFFLINE when an fsync fails
     */
    public void flush(long offset) {
        long target = Math.min(offset, logEndOffset.offset());
        synchronized (flushLock) {
            ensureReadable();
            if (target <= recoveryPoint && !directoryDirty) {
                return;
            }
            try {
                for (LogSegment segment : segments.between(recoveryPoint, target)) {
                    segment.flush();
                }
                syncDirectoryIfDirty();
            } catch (IOException e) {
                throw markOffline("flush " + topicPartition, e);
            }
            recoveryPoint = Math.max(recoveryPoint, target);
            durableOffset = Math.max(durableOffset, target);
            lastFlushMs = env.time().milliseconds();
        }
        waiters.completeUpTo(durableOffset).forEach(f -> f.complete(null));
    }

    private void scheduleFlush() {
        unflushedRecords = 0;
        if (flushScheduled.compareAndSet(false, true)) {
            env.ioExecutor().execute(() -> {
                flushScheduled.set(false);
                try {
                    flush();
                } catch (StorageException e) {
                    log.debug("Scheduled flush of {} failed: {}", topicPartition, e.getMessage());
                }
            });
        }
    }

    /** Flushes if {@code flush.ms} has passed since the last flush and something is unflushed (flush scheduler). */
    public void flushIfDue(long nowMs) {
        LogConfig cfg = config;
        if (cfg.flushMs() != Long.MAX_VALUE && nowMs - lastFlushMs >= cfg.flushMs() && recoveryPoint < logEndOffset()) {
            flush();
        }
    }

    // -------------------------------------------------------------------------------------- retention and size

    /**
     * Deletes the oldest segments that are past retention: with {@code cleanup.policy} including delete, those
     * older than {@code retention.ms} (by their largest timestamp) or beyond {@code retention.bytes}; with any
     * policy, those wholly below the log start offset. Only segments wholly below the high watermark are deleted,
     * oldest first and without gaps; the active segment is rolled first if it must go too. Files are renamed to
     * {@code .deleted} at once and removed after {@code file.delete.delay.ms}.
     *
     * @return the number of segments deleted
     */
    public int deleteOldSegments() {
        if (closed || offline != null) {
            return 0;
        }
        LogConfig cfg = config;
        long now = env.time().milliseconds();
        int deleted = 0;
        if (cfg.deleteEnabled() && cfg.retentionMs() >= 0) {
            deleted += deleteSegments(
                    (s, next) -> now - s.largestTimestampOrCreated() > cfg.retentionMs(), "retention.ms");
        }
        if (cfg.deleteEnabled() && cfg.retentionBytes() >= 0) {
            long[] excess = {size() - cfg.retentionBytes()};
            deleted += deleteSegments(
                    (s, next) -> {
                        if (excess[0] - s.size() >= 0) {
                            excess[0] -= s.size();
                            return true;
                        }
                        return false;
                    },
                    "retention.bytes");
        }
        deleted += deleteSegments((s, next) -> next != null && next.baseOffset() <= logStartOffset, "log start offset");
        return deleted;
    }

    private int deleteSegments(BiPredicate<LogSegment, LogSegment> predicate, String reason) {
        lock.lock();
        try {
            if (closed || offline != null) {
                return 0;
            }
            List<LogSegment> all = new ArrayList<>(segments.all());
            List<LogSegment> deletable = new ArrayList<>();
            long hw = highWatermark.offset();
            for (int i = 0; i < all.size(); i++) {
                LogSegment s = all.get(i);
                LogSegment next = i + 1 < all.size() ? all.get(i + 1) : null;
                long upperBound = next != null ? next.baseOffset() : logEndOffset.offset();
                if (hw < upperBound || (next == null && s.isEmpty()) || !predicate.test(s, next)) {
                    break;
                }
                deletable.add(s);
            }
            if (deletable.isEmpty()) {
                return 0;
            }
            if (deletable.size() == all.size()) {
                roll(logEndOffset.offset());
            }
            removeSegments(deletable);
            long newStart = Math.max(logStartOffset, segments.first().baseOffset());
            if (newStart > logStartOffset) {
                advanceLogStartOffset(newStart);
            }
            producerState.deleteSnapshotsBelow(segments.first().baseOffset());
            log.info(
                    "Deleted {} segment(s) of {} by {}; log start offset is now {}",
                    deletable.size(),
                    topicPartition,
                    reason,
                    logStartOffset);
            return deletable.size();
        } catch (IOException e) {
            throw markOffline("delete segments of " + topicPartition, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes segments out of the log, renames their files {@code .deleted}, syncs the directory, and schedules the
     * files' removal after {@code file.delete.delay.ms}. Called under the lock.
     */
    private void removeSegments(Collection<LogSegment> toRemove) throws IOException {
        for (LogSegment s : toRemove) {
            segments.remove(s);
        }
        for (LogSegment s : toRemove) {
            s.renameToDeleted();
        }
        env.disk().syncDirectory(directory);
        List<LogSegment> pending = List.copyOf(toRemove);
        env.scheduler()
                .schedule("delete-segments-" + topicPartition, () -> deleteFiles(pending), config.fileDeleteDelayMs());
    }

    private void deleteFiles(List<LogSegment> pending) {
        synchronized (flushLock) {
            for (LogSegment s : pending) {
                try {
                    s.closeAndDelete();
                } catch (IOException e) {
                    log.warn("Could not delete the files of {} of {}: {}", s, topicPartition, e.toString());
                }
            }
        }
    }

    /** Forgets producers idle for {@code expirationMs} with no open transaction (producer.id.expiration.ms). */
    public int removeExpiredProducers(long nowMs, long expirationMs) {
        lock.lock();
        try {
            return producerState.removeExpiredProducers(nowMs, expirationMs);
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------- truncation

    /**
     * Removes every batch at or above {@code offset} (a follower diverging from its leader, or a leader after an
     * unclean election). The batch that contains {@code offset} is removed whole, so the new log end offset may be
     * lower than {@code offset}. Durable before it returns.
     *
     * @return whether anything was removed
     */
    public boolean truncateTo(long offset) {
        lock.lock();
        try {
            ensureWritable();
            if (offset >= logEndOffset.offset()) {
                return false;
            }
            if (offset <= segments.first().baseOffset()) {
                truncateFullyAndStartAt(Math.max(offset, 0));
                return true;
            }
            synchronized (flushLock) {
                List<LogSegment> above = new ArrayList<>(segments.atOrAbove(offset));
                removeSegments(above);
                LogSegment active = segments.active();
                active.truncateTo(offset);
                active.flush();
                env.disk().syncDirectory(directory);
                logEndOffset = new LogOffsetMetadata(active.nextOffset(), active.baseOffset(), active.size());
                long end = logEndOffset.offset();
                recoveryPoint = Math.min(recoveryPoint, end);
                durableOffset = Math.min(durableOffset, end);
            }
            long end = logEndOffset.offset();
            if (logStartOffset > end) {
                logStartOffset = end;
            }
            cleanerCheckpoint = Math.min(cleanerCheckpoint, end);
            if (highWatermark.offset() > end) {
                highWatermark = logEndOffset;
            }
            env.checkpointer().checkpoint(this);
            epochCache.truncateFromEnd(end);
            producerState.deleteSnapshotsAbove(end);
            rebuildProducerState(end);
            log.info("Truncated {} to {}", topicPartition, end);
            return true;
        } catch (IOException e) {
            throw markOffline("truncate " + topicPartition, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Deletes every segment and starts the log empty at {@code offset}: the log start, high watermark and log end
     * offsets all become {@code offset}. Durable before it returns.
     */
    public void truncateFullyAndStartAt(long offset) {
        lock.lock();
        try {
            ensureWritable();
            LogConfig cfg = config;
            synchronized (flushLock) {
                List<LogSegment> all = new ArrayList<>(segments.all());
                for (LogSegment s : all) {
                    segments.remove(s);
                    s.renameToDeleted();
                }
                LogSegment fresh = LogSegment.create(
                        env.disk(),
                        directory,
                        offset,
                        cfg.indexIntervalBytes(),
                        cfg.segmentIndexBytes(),
                        env.time().milliseconds(),
                        rollJitter(cfg));
                segments.add(fresh);
                env.disk().syncDirectory(directory);
                List<LogSegment> pending = List.copyOf(all);
                env.scheduler()
                        .schedule(
                                "delete-segments-" + topicPartition,
                                () -> deleteFiles(pending),
                                cfg.fileDeleteDelayMs());
                logEndOffset = new LogOffsetMetadata(offset, offset, 0);
                logStartOffset = offset;
                recoveryPoint = offset;
                durableOffset = offset;
            }
            highWatermark = logEndOffset;
            cleanerCheckpoint = offset;
            env.checkpointer().checkpoint(this);
            epochCache.clear();
            producerState.reset(offset);
            producerState.deleteSnapshotsAbove(-1);
            firstUnstableOffset = -1;
            log.info("Truncated {} fully; it now starts at {}", topicPartition, offset);
        } catch (IOException e) {
            throw markOffline("truncate " + topicPartition, e);
        } finally {
            lock.unlock();
        }
    }

    /** Reloads producer state from the latest snapshot at or below {@code end} and replays the log up to it. */
    private void rebuildProducerState(long end) throws IOException {
        long start = logStartOffset;
        long from = producerState.loadLatestSnapshot(end, start);
        replayProducerState(segments.all(), producerState, Math.max(from, start), end, config.maxMessageBytes());
        producerState.setMapEndOffset(end);
        producerState.evictProducersBelow(start);
        firstUnstableOffset = producerState.firstUnstableOffset();
    }

    /** Feeds every batch with offsets in [from, to) to producer state. */
    static void replayProducerState(
            Collection<LogSegment> all, ProducerStateManager state, long from, long to, int maxMessageBytes)
            throws IOException {
        for (LogSegment s : all) {
            if (s.nextOffset() <= from || s.baseOffset() >= to) {
                continue;
            }
            int startPosition = s.offsetIndex().lookup(from).position();
            BatchScanner scanner =
                    new BatchScanner(s.log(), startPosition, s.size(), 1 << 20, Math.max(maxMessageBytes, 64 << 20));
            RecordBatch batch;
            while ((batch = scanner.next()) != null) {
                if (batch.baseOffset() >= to) {
                    break;
                }
                if (batch.lastOffset() >= from) {
                    state.replay(batch);
                }
            }
        }
    }

    // -------------------------------------------------------------------------------------------- compaction

    /** Offsets below this were compacted at least once (persisted by the manager in cleaner-offset-checkpoint). */
    public long cleanerCheckpoint() {
        return cleanerCheckpoint;
    }

    void setCleanerCheckpoint(long offset) {
        this.cleanerCheckpoint = offset;
    }

    LogEnvironment environment() {
        return env;
    }

    /**
     * What compaction may rewrite now: the segments wholly below the first uncleanable offset (the active segment's
     * base, the recovery point, the high watermark, the first open transaction, and the first dirty segment younger
     * than {@code min.compaction.lag.ms}), with how many of their bytes were compacted before and how many are
     * dirty, and the last offset of each producer (whose last batch must stay). Null when the log is not compacted,
     * closed or offline.
     */
    CleaningPlan planCleaning(long nowMs) {
        lock.lock();
        try {
            LogConfig cfg = config;
            if (closed || offline != null || !cfg.compactEnabled()) {
                return null;
            }
            long start = logStartOffset;
            long firstDirty = cleanerCheckpoint;
            if (firstDirty < start || firstDirty > logEndOffset.offset()) {
                firstDirty = start;
            }
            long uncleanable =
                    Math.min(segments.active().baseOffset(), Math.min(recoveryPoint, highWatermark.offset()));
            if (firstUnstableOffset >= 0) {
                uncleanable = Math.min(uncleanable, firstUnstableOffset);
            }
            List<LogSegment> cleanable = new ArrayList<>();
            long cleanBytes = 0;
            long dirtyBytes = 0;
            LogSegment firstDirtySegment = null;
            for (LogSegment s : segments.all()) {
                if (s.nextOffset() > uncleanable) {
                    break;
                }
                if (s.nextOffset() <= start) {
                    continue;
                }
                boolean dirty = s.nextOffset() > firstDirty;
                if (dirty && cfg.minCompactionLagMs() > 0 && nowMs - s.maxTimestamp() < cfg.minCompactionLagMs()) {
                    uncleanable = s.baseOffset();
                    break;
                }
                cleanable.add(s);
                if (dirty) {
                    dirtyBytes += s.size();
                    if (firstDirtySegment == null) {
                        firstDirtySegment = s;
                    }
                } else {
                    cleanBytes += s.size();
                }
            }
            boolean overdue = firstDirtySegment != null
                    && cfg.maxCompactionLagMs() != Long.MAX_VALUE
                    && firstDirtySegment.firstBatchTimestamp() >= 0
                    && nowMs - firstDirtySegment.firstBatchTimestamp() > cfg.maxCompactionLagMs();
            Map<Long, Long> producerLastOffsets = new java.util.HashMap<>();
            producerState.activeProducers().forEach((id, e) -> producerLastOffsets.put(id, e.lastOffset()));
            return new CleaningPlan(
                    firstDirty, uncleanable, cleanable, cleanBytes, dirtyBytes, overdue, producerLastOffsets, cfg);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Installs a compacted segment in place of the consecutive segments it was made from, if they are all still
     * there unchanged (retention or a truncation may have removed or cut them meanwhile). The commit point is the
     * rename of the compacted log file to {@code <base>.<end>.swap}; see {@link LogLoader} for how an interrupted
     * swap is finished after a crash. The replaced files are renamed {@code .deleted} and removed after {@code
     * file.delete.delay.ms}.
     *
     * @param sizes the sizes the sources had when compaction read them
     * @param end the offset after the sources' last batch, which is also the compacted segment's
     * @return whether the segment was installed
     */
    boolean replaceSegments(List<LogSegment> sources, List<Integer> sizes, LogSegment cleaned, long end) {
        lock.lock();
        try {
            if (closed || offline != null) {
                return false;
            }
            for (int i = 0; i < sources.size(); i++) {
                LogSegment s = sources.get(i);
                if (segments.get(s.baseOffset()) != s || s.size() != sizes.get(i) || s == segments.active()) {
                    return false;
                }
            }
            long base = sources.get(0).baseOffset();
            synchronized (flushLock) {
                cleaned.log().renameTo(directory.resolve(LogSegment.swapFileName(base, end)));
                env.disk().syncDirectory(directory);
                for (LogSegment s : sources) {
                    s.renameToDeleted();
                }
                cleaned.log().renameTo(directory.resolve(LogSegment.fileName(base, LogSegment.LOG_SUFFIX)));
                cleaned.offsetIndex()
                        .renameTo(directory.resolve(
                                LogSegment.fileName(base, io.runnel.storage.segment.OffsetIndex.SUFFIX)));
                cleaned.timeIndex()
                        .renameTo(directory.resolve(
                                LogSegment.fileName(base, io.runnel.storage.segment.TimeIndex.SUFFIX)));
                segments.add(cleaned);
                for (LogSegment s : sources.subList(1, sources.size())) {
                    segments.remove(s);
                }
                env.disk().syncDirectory(directory);
            }
            List<LogSegment> pending = List.copyOf(sources);
            env.scheduler()
                    .schedule(
                            "delete-segments-" + topicPartition,
                            () -> deleteFiles(pending),
                            config.fileDeleteDelayMs());
            return true;
        } catch (IOException e) {
            throw markOffline("install a compacted segment of " + topicPartition, e);
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------- failure, closing

    private void ensureReadable() {
        StorageException down = offline;
        if (down != null) {
            throw new StorageException(StorageError.LOG_OFFLINE, down.getMessage(), down.getCause());
        }
        if (closed) {
            throw new StorageException(StorageError.LOG_CLOSED, "The log of " + topicPartition + " is closed");
        }
    }

    private void ensureWritable() {
        ensureReadable();
    }

    /**
     * Takes the log offline after a disk error: later calls fail with LOG_OFFLINE, the environment's listener is told
     * (once), and then waiters on durability fail, so whoever sees a failed wait finds the log already reported.
     */
    StorageException markOffline(String what, IOException cause) {
        StorageException error = new StorageException(
                StorageError.LOG_OFFLINE,
                "Could not " + what + " in " + directory + ": " + cause.getMessage() + "; the log is offline",
                cause);
        boolean first;
        synchronized (this) {
            first = offline == null;
            if (first) {
                offline = error;
            }
        }
        if (first) {
            log.error("Log {} is offline: could not {}", topicPartition, what, cause);
            try {
                env.offlineListener().accept(this);
            } catch (RuntimeException e) {
                log.warn("Offline listener failed for {}", topicPartition, e);
            }
            offlineAnnounced = error;
            failWaiters(error);
        }
        return offline;
    }

    private void failWaiters(StorageException error) {
        for (CompletableFuture<Void> f : waiters.drain()) {
            f.completeExceptionally(error);
        }
    }

    /**
     * Closes the log cleanly: flushes everything, snapshots producer state at the log end, and closes the files.
     * An offline log is only closed. Idempotent.
     */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (offline == null) {
                try {
                    flush();
                    producerState.takeSnapshot();
                } catch (IOException e) {
                    markOffline("snapshot producer state of " + topicPartition, e);
                } catch (StorageException e) {
                    // Already offline; close the files anyway.
                }
            }
            closed = true;
            synchronized (flushLock) {
                IOException failure = null;
                for (LogSegment s : segments.all()) {
                    try {
                        s.close();
                    } catch (IOException e) {
                        failure = e;
                    }
                }
                failWaiters(new StorageException(StorageError.LOG_CLOSED, "The log of " + topicPartition + " closed"));
                if (failure != null && offline == null) {
                    throw failure;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes the files without flushing anything (the log is being deleted, or opening others failed). Later calls
     * fail with LOG_CLOSED.
     */
    void closeWithoutFlush() {
        lock.lock();
        try {
            closed = true;
            synchronized (flushLock) {
                for (LogSegment s : segments.all()) {
                    s.offsetIndex().closeQuietly();
                    s.timeIndex().closeQuietly();
                    try {
                        s.log().close();
                    } catch (IOException e) {
                        log.debug("Closing {} of {}: {}", s, topicPartition, e.toString());
                    }
                }
                failWaiters(
                        new StorageException(StorageError.LOG_CLOSED, "The log of " + topicPartition + " was closed"));
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "Log(" + topicPartition + ", start=" + logStartOffset + ", hw=" + highWatermark.offset() + ", end="
                + logEndOffset.offset() + ", segments=" + segments.count() + ")";
    }
}
