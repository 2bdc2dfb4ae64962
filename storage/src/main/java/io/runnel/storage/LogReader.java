package io.runnel.storage;

import io.runnel.protocol.record.CorruptRecordException;
import io.runnel.protocol.record.Record;
import io.runnel.protocol.record.RecordBatch;
import io.runnel.storage.segment.BatchLocation;
import io.runnel.storage.segment.LogSegment;
import java.io.IOException;
import java.util.Optional;

/**
 * The read side of a {@link Log}: Fetch ({@link #read}), ListOffsets ({@link #offsetForTimestamp}) and locating an
 * offset in the segments ({@link #offsetMetadata}, which the high watermark and the last stable offset use).
 *
 * <p>Invariant it relies on: every byte below the published log end offset ({@code Log.logEndOffset}, volatile,
 * written after the bytes) belongs to a whole, validated batch, and segments are only removed from the log's
 * segment list (their files stay open for {@code file.delete.delay.ms}). So a read needs no lock: it takes one
 * snapshot of the offsets and reads below them.
 *
 * <p>Thread-safety: stateless beyond its log; safe for concurrent use without the log lock.
 */
final class LogReader {

    private final Log log;

    LogReader(Log log) {
        this.log = log;
    }

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
    LogReadInfo read(long fetchOffset, int maxBytes, FetchIsolation isolation, boolean minOneBatch) {
        log.ensureReadable();
        LogOffsetMetadata end = log.logEndOffset;
        LogOffsetMetadata hw = log.highWatermark;
        long start = log.logStartOffset;
        if (fetchOffset < start || fetchOffset > end.offset()) {
            throw new StorageException(
                    StorageError.OFFSET_OUT_OF_RANGE,
                    "Offset " + fetchOffset + " is outside [" + start + ", " + end.offset() + "] of "
                            + log.topicPartition);
        }
        LogOffsetMetadata bound =
                switch (isolation) {
                    case LOG_END -> end;
                    case HIGH_WATERMARK -> hw;
                    case TXN_COMMITTED -> lastStableOffsetMetadata(hw);
                };
        long lso = log.lastStableOffset();
        if (fetchOffset >= bound.offset()) {
            LogOffsetMetadata at = fetchOffset == end.offset() ? end : new LogOffsetMetadata(fetchOffset, -1, -1);
            return new LogReadInfo(at, FileSlice.EMPTY, hw.offset(), start, end.offset(), lso);
        }
        try {
            for (LogSegment segment : log.segments.from(fetchOffset)) {
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
            throw log.markOffline("read " + log.topicPartition, e);
        }
        return new LogReadInfo(
                new LogOffsetMetadata(fetchOffset, -1, -1), FileSlice.EMPTY, hw.offset(), start, end.offset(), lso);
    }

    private LogOffsetMetadata lastStableOffsetMetadata(LogOffsetMetadata hw) {
        long unstable = log.firstUnstableOffset;
        if (unstable < 0 || unstable >= hw.offset()) {
            return hw;
        }
        return offsetMetadata(unstable);
    }

    /**
     * ListOffsets for the log. {@code timestamp} is a time (the first record at or after it), or one of
     * {@link Log#EARLIEST_TIMESTAMP}, {@link Log#EARLIEST_LOCAL_TIMESTAMP}, {@link Log#LATEST_TIMESTAMP}, {@link
     * Log#MAX_TIMESTAMP}. Results at or above the isolation bound are not returned (empty), except the latest offset,
     * which is the bound itself.
     *
     * <p>For a time, the answer is the first record (at or after the log start) whose timestamp is at or after it,
     * with that record's timestamp: batch headers and the time index find the batch, then its records are read.
     * {@link Log#MAX_TIMESTAMP} gives the first record carrying the largest timestamp in the log.
     */
    Optional<TimestampAndOffset> offsetForTimestamp(long timestamp, FetchIsolation isolation) {
        log.ensureReadable();
        long bound =
                switch (isolation) {
                    case LOG_END -> log.logEndOffset();
                    case HIGH_WATERMARK -> log.highWatermark();
                    case TXN_COMMITTED -> log.lastStableOffset();
                };
        if (timestamp == Log.EARLIEST_TIMESTAMP || timestamp == Log.EARLIEST_LOCAL_TIMESTAMP) {
            long start = log.logStartOffset;
            return Optional.of(
                    new TimestampAndOffset(RecordBatch.NO_TIMESTAMP, start, log.epochCache.epochForOffset(start)));
        }
        if (timestamp == Log.LATEST_TIMESTAMP) {
            return Optional.of(new TimestampAndOffset(RecordBatch.NO_TIMESTAMP, bound, log.epochCache.latestEpoch()));
        }
        try {
            if (timestamp == Log.MAX_TIMESTAMP) {
                return maxTimestampRecord(bound);
            }
            if (timestamp < 0) {
                throw new IllegalArgumentException("Unsupported ListOffsets timestamp " + timestamp);
            }
            long start = log.logStartOffset;
            for (LogSegment s : log.segments.all()) {
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
                                    record.timestamp(),
                                    record.offset(),
                                    log.epochCache.epochForOffset(record.offset())));
                        }
                    }
                    found = s.locateTimestampFrom(found.endPosition(), timestamp, start, s.size());
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw log.markOffline("read " + log.topicPartition, e);
        } catch (CorruptRecordException e) {
            throw new StorageException(
                    StorageError.CORRUPT_RECORD,
                    "Unreadable batch in " + log.topicPartition + ": " + e.getMessage(),
                    e);
        }
    }

    /** The first record carrying the log's largest timestamp, if it lies below {@code bound}. */
    private Optional<TimestampAndOffset> maxTimestampRecord(long bound) throws IOException {
        LogSegment best = null;
        for (LogSegment s : log.segments.all()) {
            if (s.maxTimestamp() >= 0 && (best == null || s.maxTimestamp() > best.maxTimestamp())) {
                best = s;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        long start = log.logStartOffset;
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
        return Optional.of(new TimestampAndOffset(best.maxTimestamp(), offset, log.epochCache.epochForOffset(offset)));
    }

    /** Where {@code offset} lies: the batch containing it or the next one, or the log end. */
    LogOffsetMetadata offsetMetadata(long offset) {
        LogOffsetMetadata end = log.logEndOffset;
        if (offset >= end.offset()) {
            return end;
        }
        try {
            for (LogSegment segment : log.segments.from(offset)) {
                BatchLocation location = segment.locate(offset, segment.size());
                if (location != null) {
                    return new LogOffsetMetadata(offset, segment.baseOffset(), location.position());
                }
            }
        } catch (IOException e) {
            throw log.markOffline("read " + log.topicPartition, e);
        }
        return new LogOffsetMetadata(offset, end.segmentBaseOffset(), end.position());
    }
}
