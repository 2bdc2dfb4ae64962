package io.runnel.storage;

import io.runnel.storage.segment.LogSegment;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The segments of a log by base offset. The last is the active segment. Never empty once a log is open.
 *
 * <p>Thread-safety: backed by a concurrent skip list, so readers iterate without a lock and see a consistent
 * (possibly slightly stale) view; changes are made by the log under its lock.
 */
final class LogSegments {

    private final ConcurrentSkipListMap<Long, LogSegment> byBaseOffset = new ConcurrentSkipListMap<>();

    void add(LogSegment segment) {
        byBaseOffset.put(segment.baseOffset(), segment);
    }

    void remove(LogSegment segment) {
        byBaseOffset.remove(segment.baseOffset(), segment);
    }

    LogSegment get(long baseOffset) {
        return byBaseOffset.get(baseOffset);
    }

    LogSegment active() {
        return byBaseOffset.lastEntry().getValue();
    }

    LogSegment first() {
        return byBaseOffset.firstEntry().getValue();
    }

    int count() {
        return byBaseOffset.size();
    }

    boolean isEmpty() {
        return byBaseOffset.isEmpty();
    }

    Collection<LogSegment> all() {
        return byBaseOffset.values();
    }

    /** The segment that would hold {@code offset} and every later one. */
    Collection<LogSegment> from(long offset) {
        Map.Entry<Long, LogSegment> floor = byBaseOffset.floorEntry(offset);
        return floor == null
                ? byBaseOffset.values()
                : byBaseOffset.tailMap(floor.getKey(), true).values();
    }

    /** The segments that may hold offsets in [{@code from}, {@code to}). */
    Collection<LogSegment> between(long from, long to) {
        Map.Entry<Long, LogSegment> floor = byBaseOffset.floorEntry(from);
        long start = floor == null ? Long.MIN_VALUE : floor.getKey();
        if (to <= start) {
            return byBaseOffset.subMap(start, true, start, true).values();
        }
        ConcurrentNavigableMap<Long, LogSegment> range = byBaseOffset.subMap(start, true, to, false);
        return range.values();
    }

    /** The segments whose base offset is at or above {@code offset}. */
    Collection<LogSegment> atOrAbove(long offset) {
        return byBaseOffset.tailMap(offset, true).values();
    }
}
