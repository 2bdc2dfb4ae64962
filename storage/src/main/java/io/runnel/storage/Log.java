package io.runnel.storage;

import io.netty.buffer.ByteBuf;
import io.runnel.storage.epoch.EpochEndOffset;
import io.runnel.storage.epoch.LeaderEpochCache;
import io.runnel.storage.producer.ProducerStateEntry;
import io.runnel.storage.producer.ProducerStateManager;
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
import java.util.concurrent.locks.ReentrantLock;
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
 * {@link StorageError#LOG_OFFLINE} and nothing partially written is ever visible; only an append that finds the
 * disk full fails alone ({@link StorageError#NO_SPACE}) and leaves the log online.
 *
 * <p>This class owns the offsets, the segment list, the lock and the offline state, and does the rolls, the
 * high watermark and log start offset moves, closing and going offline itself. The rest is done by one collaborator
 * per concern, each holding this log and bound by the invariants above: {@link LogAppender} (writes), {@link
 * LogReader} (Fetch, ListOffsets), {@link LogFlusher} (durable offset, recovery point, group commit), {@link
 * LogRetention}, {@link LogTruncation} and {@link LogCompaction} (the log's side of compaction); {@link LogLoader}
 * opens and recovers it.
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

    // The state below is read and changed by the log's collaborators in this package (LogAppender, LogReader,
    // LogFlusher, LogRetention, LogTruncation, LogCompaction) under the rules of the class comment: changed only
    // under `lock` (segment files also under the flusher's flush lock), published through the volatile offsets.
    final TopicPartition topicPartition;
    final Path directory;
    final LogEnvironment env;
    final LogSegments segments;
    final ProducerStateManager producerState;
    final LeaderEpochCache epochCache;
    final ReentrantLock lock = new ReentrantLock();
    final LogFlusher flusher;
    private final LogAppender appender;
    private final LogReader reader;
    private final LogRetention retention;
    private final LogTruncation truncation;
    private final LogCompaction compaction;

    volatile LogConfig config;
    volatile long logStartOffset;
    volatile LogOffsetMetadata logEndOffset;
    volatile LogOffsetMetadata highWatermark;
    volatile long firstUnstableOffset = -1;

    volatile StorageException offline;
    /** Set once the offline listener has been told: from then on, durability waiters fail at once. */
    volatile StorageException offlineAnnounced;

    volatile boolean closed;
    /** Offsets below this were compacted at least once (the "first dirty offset" of Kafka's cleaner). */
    volatile long cleanerCheckpoint;

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
        this.flusher = new LogFlusher(
                this, Math.min(recoveryPoint, logEndOffset.offset()), env.time().milliseconds());
        this.appender = new LogAppender(this);
        this.reader = new LogReader(this);
        this.retention = new LogRetention(this);
        this.truncation = new LogTruncation(this);
        this.compaction = new LogCompaction(this);
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
        return flusher.recoveryPoint();
    }

    /** Every offset below this is on disk. */
    public long durableOffset() {
        return flusher.durableOffset();
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
     * records}, stamps LogAppendTime if configured, rolls if needed, and writes everything in one write (see
     * {@link LogAppender}).
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
        return appender.appendAsLeader(records, leaderEpoch, origin);
    }

    /**
     * Appends batches copied from the leader, keeping their offsets and leader epochs. The first batch must start
     * at or after the log end offset; producer state is recorded without checks.
     *
     * @throws StorageException CORRUPT_RECORD, INVALID_RECORD, UNEXPECTED_APPEND_OFFSET, LOG_OFFLINE or LOG_CLOSED
     */
    public LogAppendInfo appendAsFollower(ByteBuf records) {
        return appender.appendAsFollower(records);
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
    LogSegment roll(long baseOffset) throws IOException {
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
        flusher.markDirectoryDirty();
        logEndOffset = new LogOffsetMetadata(logEndOffset.offset(), next.baseOffset(), 0);
        log.debug("Rolled {} to a new segment at {}", topicPartition, baseOffset);
        long flushTo = baseOffset;
        env.ioExecutor().execute(() -> {
            try {
                flusher.flush(flushTo);
            } catch (StorageException e) {
                log.debug("Flush after roll of {} failed: {}", topicPartition, e.getMessage());
            }
        });
        return next;
    }

    static long rollJitter(LogConfig cfg) {
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
        highWatermark = reader.offsetMetadata(offset);
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

    void advanceLogStartOffset(long newStart) throws IOException {
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
     * the bound gives an empty slice. Takes no lock (see {@link LogReader}).
     *
     * @throws StorageException OFFSET_OUT_OF_RANGE when {@code fetchOffset} is below the log start or above the
     *     log end; LOG_OFFLINE
     */
    public LogReadInfo read(long fetchOffset, int maxBytes, FetchIsolation isolation, boolean minOneBatch) {
        return reader.read(fetchOffset, maxBytes, isolation, minOneBatch);
    }

    /**
     * ListOffsets for this log. {@code timestamp} is a time (the first record at or after it), or one of
     * {@link #EARLIEST_TIMESTAMP}, {@link #EARLIEST_LOCAL_TIMESTAMP}, {@link #LATEST_TIMESTAMP}, {@link
     * #MAX_TIMESTAMP}. Results at or above the isolation bound are not returned (empty), except the latest offset,
     * which is the bound itself. See {@link LogReader#offsetForTimestamp}.
     */
    public Optional<TimestampAndOffset> offsetForTimestamp(long timestamp, FetchIsolation isolation) {
        return reader.offsetForTimestamp(timestamp, isolation);
    }

    // ------------------------------------------------------------------------------------------------ flushing

    /**
     * Completes when every offset below {@code offset} is on disk. Group commit: while one fsync runs, further
     * callers queue, and the next fsync (of everything appended by then) completes them all, so the number of
     * fsyncs per second does not grow with the number of appenders. The fsync runs on the environment's I/O
     * executor. Completes exceptionally with LOG_OFFLINE when the fsync fails.
     */
    public CompletableFuture<Void> flushAsync(long offset) {
        return flusher.flushAsync(offset);
    }

    /** Flushes everything appended so far (data and indexes) and advances the recovery point to the log end. */
    public void flush() {
        flusher.flush();
    }

    /**
     * Forces data and indexes of the segments holding offsets from the recovery point up to {@code offset}, then
     * advances the recovery point (and the durable offset) to it.
     *
     * @throws StorageException LOG_OFFLINE when an fsync fails
     */
    public void flush(long offset) {
        flusher.flush(offset);
    }

    /** Flushes if {@code flush.ms} has passed since the last flush and something is unflushed (flush scheduler). */
    public void flushIfDue(long nowMs) {
        flusher.flushIfDue(nowMs);
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
        return retention.deleteOldSegments();
    }

    /**
     * Takes segments out of the log, renames their files {@code .deleted}, syncs the directory, and schedules the
     * files' removal after {@code file.delete.delay.ms}. Called under the lock.
     */
    void removeSegments(Collection<LogSegment> toRemove) throws IOException {
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

    void deleteFiles(List<LogSegment> pending) {
        synchronized (flusher.flushLock()) {
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
        return truncation.truncateTo(offset);
    }

    /**
     * Deletes every segment and starts the log empty at {@code offset}: the log start, high watermark and log end
     * offsets all become {@code offset}. Durable before it returns.
     */
    public void truncateFullyAndStartAt(long offset) {
        truncation.truncateFullyAndStartAt(offset);
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

    /** What compaction may rewrite now, or null: see {@link LogCompaction#planCleaning}. */
    CleaningPlan planCleaning(long nowMs) {
        return compaction.planCleaning(nowMs);
    }

    /** Installs a compacted segment in place of its sources if they are unchanged: see {@link LogCompaction}. */
    boolean replaceSegments(List<LogSegment> sources, List<Integer> sizes, LogSegment cleaned, long end) {
        return compaction.replaceSegments(sources, sizes, cleaned, end);
    }

    // ---------------------------------------------------------------------------------------- failure, closing

    void ensureReadable() {
        StorageException down = offline;
        if (down != null) {
            throw new StorageException(StorageError.LOG_OFFLINE, down.getMessage(), down.getCause());
        }
        if (closed) {
            throw new StorageException(StorageError.LOG_CLOSED, "The log of " + topicPartition + " is closed");
        }
    }

    void ensureWritable() {
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
            flusher.failWaiters(error);
        }
        return offline;
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
            synchronized (flusher.flushLock()) {
                IOException failure = null;
                for (LogSegment s : segments.all()) {
                    try {
                        s.close();
                    } catch (IOException e) {
                        failure = e;
                    }
                }
                flusher.failWaiters(
                        new StorageException(StorageError.LOG_CLOSED, "The log of " + topicPartition + " closed"));
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
            synchronized (flusher.flushLock()) {
                for (LogSegment s : segments.all()) {
                    s.offsetIndex().closeQuietly();
                    s.timeIndex().closeQuietly();
                    try {
                        s.log().close();
                    } catch (IOException e) {
                        log.debug("Closing {} of {}: {}", s, topicPartition, e.toString());
                    }
                }
                flusher.failWaiters(
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
