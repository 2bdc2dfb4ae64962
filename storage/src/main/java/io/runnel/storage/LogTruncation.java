package io.runnel.storage;

import io.runnel.storage.segment.LogSegment;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Truncation of a {@link Log} from the end, for replication: cutting a follower back to where it agrees with its
 * leader ({@link #truncateTo}), or emptying the log to restart it at an offset ({@link #truncateFullyAndStartAt}).
 *
 * <p>Invariants: a truncation is durable, with the lowered recovery point checkpointed, before it returns (so
 * recovery never trusts bytes written after it and never flushed); the leader epochs, the producer snapshots and
 * the producer state are cut to the new log end (producer state is rebuilt from the latest snapshot at or below it
 * and a replay), and the high watermark, log start offset and cleaner checkpoint are clamped to it.
 *
 * <p>Thread-safety: each truncation holds the log lock, and the flush lock while it changes segment files;
 * stateless beyond its log.
 */
final class LogTruncation {

    private static final Logger logger = LoggerFactory.getLogger(LogTruncation.class);

    private final Log log;

    LogTruncation(Log log) {
        this.log = log;
    }

    /**
     * Removes every batch at or above {@code offset} (a follower diverging from its leader, or a leader after an
     * unclean election). The batch that contains {@code offset} is removed whole, so the new log end offset may be
     * lower than {@code offset}. Durable before it returns.
     *
     * @return whether anything was removed
     */
    boolean truncateTo(long offset) {
        log.lock.lock();
        try {
            log.ensureWritable();
            if (offset >= log.logEndOffset.offset()) {
                return false;
            }
            if (offset <= log.segments.first().baseOffset()) {
                truncateFullyAndStartAt(Math.max(offset, 0));
                return true;
            }
            synchronized (log.flusher.flushLock()) {
                List<LogSegment> above = new ArrayList<>(log.segments.atOrAbove(offset));
                log.removeSegments(above);
                LogSegment active = log.segments.active();
                active.truncateTo(offset);
                active.flush();
                log.env.disk().syncDirectory(log.directory);
                log.logEndOffset = new LogOffsetMetadata(active.nextOffset(), active.baseOffset(), active.size());
                log.flusher.truncatedTo(log.logEndOffset.offset());
            }
            long end = log.logEndOffset.offset();
            if (log.logStartOffset > end) {
                log.logStartOffset = end;
            }
            log.cleanerCheckpoint = Math.min(log.cleanerCheckpoint, end);
            if (log.highWatermark.offset() > end) {
                log.highWatermark = log.logEndOffset;
            }
            log.env.checkpointer().checkpoint(log);
            log.epochCache.truncateFromEnd(end);
            log.producerState.deleteSnapshotsAbove(end);
            rebuildProducerState(end);
            logger.info("Truncated {} to {}", log.topicPartition, end);
            return true;
        } catch (IOException e) {
            throw log.markOffline("truncate " + log.topicPartition, e);
        } finally {
            log.lock.unlock();
        }
    }

    /**
     * Deletes every segment and starts the log empty at {@code offset}: the log start, high watermark and log end
     * offsets all become {@code offset}. Durable before it returns.
     */
    void truncateFullyAndStartAt(long offset) {
        log.lock.lock();
        try {
            log.ensureWritable();
            LogConfig cfg = log.config;
            synchronized (log.flusher.flushLock()) {
                List<LogSegment> all = new ArrayList<>(log.segments.all());
                for (LogSegment s : all) {
                    log.segments.remove(s);
                    s.renameToDeleted();
                }
                LogSegment fresh = LogSegment.create(
                        log.env.disk(),
                        log.directory,
                        offset,
                        cfg.indexIntervalBytes(),
                        cfg.segmentIndexBytes(),
                        log.env.time().milliseconds(),
                        Log.rollJitter(cfg));
                log.segments.add(fresh);
                log.env.disk().syncDirectory(log.directory);
                List<LogSegment> pending = List.copyOf(all);
                log.env
                        .scheduler()
                        .schedule(
                                "delete-segments-" + log.topicPartition,
                                () -> log.deleteFiles(pending),
                                cfg.fileDeleteDelayMs());
                log.logEndOffset = new LogOffsetMetadata(offset, offset, 0);
                log.logStartOffset = offset;
                log.flusher.resetTo(offset);
            }
            log.highWatermark = log.logEndOffset;
            log.cleanerCheckpoint = offset;
            log.env.checkpointer().checkpoint(log);
            log.epochCache.clear();
            log.producerState.reset(offset);
            log.producerState.deleteSnapshotsAbove(-1);
            log.firstUnstableOffset = -1;
            logger.info("Truncated {} fully; it now starts at {}", log.topicPartition, offset);
        } catch (IOException e) {
            throw log.markOffline("truncate " + log.topicPartition, e);
        } finally {
            log.lock.unlock();
        }
    }

    /** Reloads producer state from the latest snapshot at or below {@code end} and replays the log up to it. */
    private void rebuildProducerState(long end) throws IOException {
        long start = log.logStartOffset;
        long from = log.producerState.loadLatestSnapshot(end, start);
        LogLoader.replayProducerState(
                log.segments.all(), log.producerState, Math.max(from, start), end, log.config.maxMessageBytes());
        log.producerState.setMapEndOffset(end);
        log.producerState.evictProducersBelow(start);
        log.firstUnstableOffset = log.producerState.firstUnstableOffset();
    }
}
