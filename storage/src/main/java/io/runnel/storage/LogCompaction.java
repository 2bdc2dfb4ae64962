package io.runnel.storage;

import io.runnel.storage.segment.LogSegment;
import io.runnel.storage.segment.OffsetIndex;
import io.runnel.storage.segment.TimeIndex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Log}'s side of compaction (the {@link LogCleaner} and {@link Compactor} do the rest): which segments may
 * be rewritten now ({@link #planCleaning}) and installing a compacted segment in place of the ones it was made from
 * ({@link #replaceSegments}).
 *
 * <p>Invariants: only segments wholly below the first uncleanable offset are offered (so compacted input is always
 * durable, below the high watermark and free of open transactions); a compacted segment is installed only if its
 * sources are all still in the log unchanged, and the rename to {@code <base>.<end>.swap} is the commit point that
 * recovery completes or discards.
 *
 * <p>Thread-safety: both calls hold the log lock, and the install also the flush lock; stateless beyond its log.
 */
final class LogCompaction {

    private final Log log;

    LogCompaction(Log log) {
        this.log = log;
    }

    /**
     * What compaction may rewrite now: the segments wholly below the first uncleanable offset (the active segment's
     * base, the recovery point, the high watermark, the first open transaction, and the first dirty segment younger
     * than {@code min.compaction.lag.ms}), with how many of their bytes were compacted before and how many are
     * dirty, and the last offset of each producer (whose last batch must stay). Null when the log is not compacted,
     * closed or offline.
     */
    CleaningPlan planCleaning(long nowMs) {
        log.lock.lock();
        try {
            LogConfig cfg = log.config;
            if (log.closed || log.offline != null || !cfg.compactEnabled()) {
                return null;
            }
            long start = log.logStartOffset;
            long firstDirty = log.cleanerCheckpoint;
            if (firstDirty < start || firstDirty > log.logEndOffset.offset()) {
                firstDirty = start;
            }
            long uncleanable = Math.min(
                    log.segments.active().baseOffset(),
                    Math.min(log.flusher.recoveryPoint(), log.highWatermark.offset()));
            if (log.firstUnstableOffset >= 0) {
                uncleanable = Math.min(uncleanable, log.firstUnstableOffset);
            }
            List<LogSegment> cleanable = new ArrayList<>();
            long cleanBytes = 0;
            long dirtyBytes = 0;
            LogSegment firstDirtySegment = null;
            for (LogSegment s : log.segments.all()) {
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
            Map<Long, Long> producerLastOffsets = new HashMap<>();
            log.producerState.activeProducers().forEach((id, e) -> producerLastOffsets.put(id, e.lastOffset()));
            return new CleaningPlan(
                    firstDirty, uncleanable, cleanable, cleanBytes, dirtyBytes, overdue, producerLastOffsets, cfg);
        } finally {
            log.lock.unlock();
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
        log.lock.lock();
        try {
            if (log.closed || log.offline != null) {
                return false;
            }
            for (int i = 0; i < sources.size(); i++) {
                LogSegment s = sources.get(i);
                if (log.segments.get(s.baseOffset()) != s || s.size() != sizes.get(i) || s == log.segments.active()) {
                    return false;
                }
            }
            long base = sources.get(0).baseOffset();
            synchronized (log.flusher.flushLock()) {
                cleaned.log().renameTo(log.directory.resolve(LogSegment.swapFileName(base, end)));
                log.env.disk().syncDirectory(log.directory);
                for (LogSegment s : sources) {
                    s.renameToDeleted();
                }
                cleaned.log().renameTo(log.directory.resolve(LogSegment.fileName(base, LogSegment.LOG_SUFFIX)));
                cleaned.offsetIndex().renameTo(log.directory.resolve(LogSegment.fileName(base, OffsetIndex.SUFFIX)));
                cleaned.timeIndex().renameTo(log.directory.resolve(LogSegment.fileName(base, TimeIndex.SUFFIX)));
                log.segments.add(cleaned);
                for (LogSegment s : sources.subList(1, sources.size())) {
                    log.segments.remove(s);
                }
                log.env.disk().syncDirectory(log.directory);
            }
            List<LogSegment> pending = List.copyOf(sources);
            log.env
                    .scheduler()
                    .schedule(
                            "delete-segments-" + log.topicPartition,
                            () -> log.deleteFiles(pending),
                            log.config.fileDeleteDelayMs());
            return true;
        } catch (IOException e) {
            throw log.markOffline("install a compacted segment of " + log.topicPartition, e);
        } finally {
            log.lock.unlock();
        }
    }
}
