package io.runnel.storage;

import io.runnel.storage.segment.LogSegment;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durability of a {@link Log}: the <em>durable offset</em> (every byte below it is fsynced), the <em>recovery
 * point</em> (below it data and indexes are fsynced, so recovery need not scan it), group commit ({@link
 * #flushAsync}), full flushes ({@link #flush(long)}), the {@code flush.messages}/{@code flush.ms} policy, and the
 * directory sync that makes new segment files durable.
 *
 * <p>Invariants: recovery point &lt;= durable offset &lt;= log end offset; both only move up, except that a
 * truncation lowers them ({@link #truncatedTo}, {@link #resetTo}) while holding the flush lock; a future from
 * {@link #flushAsync} completes normally only once its offset is below the durable offset, and exceptionally when
 * the log goes offline, is closed or truncated below it.
 *
 * <p>Thread-safety: safe for concurrent use. fsyncs, and the log's changes to the set of segment files, hold the
 * flush lock ({@link #flushLock()}), a separate lock from the log lock, so appends continue during an fsync.
 */
final class LogFlusher {

    private static final Logger logger = LoggerFactory.getLogger(LogFlusher.class);

    private final Log log;
    private final Object flushLock = new Object();
    private final DurabilityWaiters waiters = new DurabilityWaiters();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private volatile long recoveryPoint;
    private volatile long durableOffset;
    private volatile long lastFlushMs;
    /** Segments were created or deleted since the directory was last synced. */
    private volatile boolean directoryDirty;

    LogFlusher(Log log, long recoveryPoint, long nowMs) {
        this.log = log;
        this.recoveryPoint = recoveryPoint;
        this.durableOffset = recoveryPoint;
        this.lastFlushMs = nowMs;
    }

    /** The monitor held by fsyncs and by changes to the log's segment files. */
    Object flushLock() {
        return flushLock;
    }

    long recoveryPoint() {
        return recoveryPoint;
    }

    long durableOffset() {
        return durableOffset;
    }

    /** A segment file was created or deleted: the next flush syncs the directory first. */
    void markDirectoryDirty() {
        directoryDirty = true;
    }

    /** After a truncation to {@code end}: nothing at or above it is durable any more. Called under the flush lock. */
    void truncatedTo(long end) {
        recoveryPoint = Math.min(recoveryPoint, end);
        durableOffset = Math.min(durableOffset, end);
    }

    /** After the log was emptied and restarted at {@code offset}. Called under the flush lock. */
    void resetTo(long offset) {
        recoveryPoint = offset;
        durableOffset = offset;
    }

    /**
     * Completes when every offset below {@code offset} is on disk. Group commit: while one fsync runs, further
     * callers queue, and the next fsync (of everything appended by then) completes them all, so the number of
     * fsyncs per second does not grow with the number of appenders. The fsync runs on the environment's I/O
     * executor. Completes exceptionally with LOG_OFFLINE when the fsync fails.
     */
    CompletableFuture<Void> flushAsync(long offset) {
        offset = Math.min(offset, log.logEndOffset.offset());
        if (offset <= durableOffset) {
            return CompletableFuture.completedFuture(null);
        }
        StorageException down = log.offlineAnnounced;
        if (down != null) {
            return CompletableFuture.failedFuture(down);
        }
        CompletableFuture<Void> future = new CompletableFuture<>();
        if (waiters.add(offset, future)) {
            try {
                log.env.ioExecutor().execute(this::groupCommitLoop);
            } catch (RuntimeException e) {
                failWaiters(new StorageException(StorageError.LOG_CLOSED, "I/O executor refused the flush", e));
            }
        }
        // A waiter added after markOffline failed the others is failed here.
        down = log.offlineAnnounced;
        if (down != null) {
            failWaiters(down);
        }
        return future;
    }

    private void groupCommitLoop() {
        while (true) {
            long target = log.logEndOffset.offset();
            try {
                syncData(target);
            } catch (IOException e) {
                log.markOffline("fsync " + log.topicPartition, e);
                return;
            } catch (StorageException e) {
                if (log.offline != null && log.offlineAnnounced == null) {
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
            if (durableOffset >= log.logEndOffset.offset()) {
                // Everything is on disk, so the rest wait for offsets a truncation removed.
                failWaiters(new StorageException(
                        StorageError.OFFSET_OUT_OF_RANGE,
                        "The log of " + log.topicPartition + " was truncated below offsets awaiting flush"));
                return;
            }
        }
    }

    /** Forces the data of every segment holding offsets from the durable offset to {@code target}. */
    private void syncData(long target) throws IOException {
        synchronized (flushLock) {
            log.ensureReadable();
            if (target <= durableOffset && !directoryDirty) {
                return;
            }
            for (LogSegment segment : log.segments.between(durableOffset, target)) {
                segment.flushData();
            }
            syncDirectoryIfDirty();
            durableOffset = Math.max(durableOffset, Math.min(target, log.logEndOffset.offset()));
        }
    }

    private void syncDirectoryIfDirty() throws IOException {
        if (directoryDirty) {
            directoryDirty = false;
            try {
                log.env.disk().syncDirectory(log.directory);
            } catch (IOException e) {
                directoryDirty = true;
                throw e;
            }
        }
    }

    /** Flushes everything appended so far (data and indexes) and advances the recovery point to the log end. */
    void flush() {
        flush(log.logEndOffset.offset());
    }

    /**
     * Forces data and indexes of the segments holding offsets from the recovery point up to {@code offset}, then
     * advances the recovery point (and the durable offset) to it.
     *
     * @throws StorageException LOG_OFFLINE when an fsync fails
     */
    void flush(long offset) {
        long target = Math.min(offset, log.logEndOffset.offset());
        synchronized (flushLock) {
            log.ensureReadable();
            if (target <= recoveryPoint && !directoryDirty) {
                return;
            }
            try {
                for (LogSegment segment : log.segments.between(recoveryPoint, target)) {
                    segment.flush();
                }
                syncDirectoryIfDirty();
            } catch (IOException e) {
                throw log.markOffline("flush " + log.topicPartition, e);
            }
            recoveryPoint = Math.max(recoveryPoint, target);
            durableOffset = Math.max(durableOffset, target);
            lastFlushMs = log.env.time().milliseconds();
        }
        waiters.completeUpTo(durableOffset).forEach(f -> f.complete(null));
    }

    /** Flushes everything in the background, unless such a flush is already pending (flush.messages). */
    void scheduleFlush() {
        if (flushScheduled.compareAndSet(false, true)) {
            log.env.ioExecutor().execute(() -> {
                flushScheduled.set(false);
                try {
                    flush();
                } catch (StorageException e) {
                    logger.debug("Scheduled flush of {} failed: {}", log.topicPartition, e.getMessage());
                }
            });
        }
    }

    /** Flushes if {@code flush.ms} has passed since the last flush and something is unflushed (flush scheduler). */
    void flushIfDue(long nowMs) {
        LogConfig cfg = log.config;
        if (cfg.flushMs() != Long.MAX_VALUE
                && nowMs - lastFlushMs >= cfg.flushMs()
                && recoveryPoint < log.logEndOffset()) {
            flush();
        }
    }

    void failWaiters(StorageException error) {
        for (CompletableFuture<Void> f : waiters.drain()) {
            f.completeExceptionally(error);
        }
    }
}
