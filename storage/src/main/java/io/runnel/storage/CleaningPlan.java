package io.runnel.storage;

import io.runnel.storage.segment.LogSegment;
import java.util.List;
import java.util.Map;

/**
 * A log's compaction state at one moment: the first dirty offset (below it the log was compacted before), the first
 * uncleanable offset, the segments that may be rewritten (oldest first, all wholly below the uncleanable offset),
 * how many of their bytes are already compacted and how many are dirty, whether {@code max.compaction.lag.ms}
 * forces a compaction, the last offset of each producer id, and the configuration in force. Immutable.
 */
record CleaningPlan(
        long firstDirtyOffset,
        long firstUncleanableOffset,
        List<LogSegment> segments,
        long cleanBytes,
        long dirtyBytes,
        boolean overdue,
        Map<Long, Long> producerLastOffsets,
        LogConfig config) {

    /** The share of the cleanable bytes that is dirty. */
    double dirtyRatio() {
        long total = cleanBytes + dirtyBytes;
        return total == 0 ? 0 : (double) dirtyBytes / total;
    }

    /** Whether the log should be compacted now: something dirty, and the ratio reached or the lag exceeded. */
    boolean needsCleaning() {
        return dirtyBytes > 0 && (overdue || dirtyRatio() >= config.minCleanableDirtyRatio());
    }
}
