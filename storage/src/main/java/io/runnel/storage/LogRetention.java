package io.runnel.storage;

import io.runnel.storage.segment.LogSegment;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention of a {@link Log}: deletes the oldest segments past {@code retention.ms} or {@code retention.bytes}
 * (when {@code cleanup.policy} includes delete) or wholly below the log start offset, and raises the log start
 * offset to the first segment left.
 *
 * <p>Invariants: only segments wholly below the high watermark go, oldest first and without gaps, so the log stays
 * one run of dense offsets starting at the log start offset; the log always keeps one (active) segment, rolled
 * first when every segment must go.
 *
 * <p>Thread-safety: each deletion holds the log lock; stateless beyond its log.
 */
final class LogRetention {

    private static final Logger logger = LoggerFactory.getLogger(LogRetention.class);

    private final Log log;

    LogRetention(Log log) {
        this.log = log;
    }

    /**
     * Deletes the oldest segments that are past retention: with {@code cleanup.policy} including delete, those
     * older than {@code retention.ms} (by their largest timestamp) or beyond {@code retention.bytes}; with any
     * policy, those wholly below the log start offset. Only segments wholly below the high watermark are deleted,
     * oldest first and without gaps; the active segment is rolled first if it must go too. Files are renamed to
     * {@code .deleted} at once and removed after {@code file.delete.delay.ms}.
     *
     * @return the number of segments deleted
     */
    int deleteOldSegments() {
        if (log.closed || log.offline != null) {
            return 0;
        }
        LogConfig cfg = log.config;
        long now = log.env.time().milliseconds();
        int deleted = 0;
        if (cfg.deleteEnabled() && cfg.retentionMs() >= 0) {
            deleted += deleteSegments(
                    (s, next) -> now - s.largestTimestampOrCreated() > cfg.retentionMs(), "retention.ms");
        }
        if (cfg.deleteEnabled() && cfg.retentionBytes() >= 0) {
            long[] excess = {log.size() - cfg.retentionBytes()};
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
        deleted += deleteSegments(
                (s, next) -> next != null && next.baseOffset() <= log.logStartOffset, "log start offset");
        return deleted;
    }

    private int deleteSegments(BiPredicate<LogSegment, LogSegment> predicate, String reason) {
        log.lock.lock();
        try {
            if (log.closed || log.offline != null) {
                return 0;
            }
            List<LogSegment> all = new ArrayList<>(log.segments.all());
            List<LogSegment> deletable = new ArrayList<>();
            long hw = log.highWatermark.offset();
            for (int i = 0; i < all.size(); i++) {
                LogSegment s = all.get(i);
                LogSegment next = i + 1 < all.size() ? all.get(i + 1) : null;
                long upperBound = next != null ? next.baseOffset() : log.logEndOffset.offset();
                if (hw < upperBound || (next == null && s.isEmpty()) || !predicate.test(s, next)) {
                    break;
                }
                deletable.add(s);
            }
            if (deletable.isEmpty()) {
                return 0;
            }
            if (deletable.size() == all.size()) {
                log.roll(log.logEndOffset.offset());
            }
            log.removeSegments(deletable);
            long newStart = Math.max(log.logStartOffset, log.segments.first().baseOffset());
            if (newStart > log.logStartOffset) {
                log.advanceLogStartOffset(newStart);
            }
            log.producerState.deleteSnapshotsBelow(log.segments.first().baseOffset());
            logger.info(
                    "Deleted {} segment(s) of {} by {}; log start offset is now {}",
                    deletable.size(),
                    log.topicPartition,
                    reason,
                    log.logStartOffset);
            return deletable.size();
        } catch (IOException e) {
            throw log.markOffline("delete segments of " + log.topicPartition, e);
        } finally {
            log.lock.unlock();
        }
    }
}
