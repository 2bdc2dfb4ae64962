package io.runnel.storage;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.runnel.common.time.Time;
import io.runnel.protocol.record.CorruptRecordException;
import io.runnel.protocol.record.Record;
import io.runnel.protocol.record.RecordBatch;
import io.runnel.protocol.record.RecordBatchBuilder;
import io.runnel.storage.segment.BatchScanner;
import io.runnel.storage.segment.LogSegment;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One compaction pass over one log ({@code cleanup.policy} with {@code compact}):
 *
 * <ol>
 *   <li>Map each key to its latest offset, reading the dirty segments from the first dirty offset, until the map
 *       is full (its memory is bounded) or the dirty range ends; the map ends at a batch boundary.
 *   <li>Rewrite the segments below the map's end in groups (each group within {@code segment.bytes}) into new
 *       segments, keeping a record if its key's latest offset is not later than its own and, for a tombstone, if
 *       its batch's delete horizon has not passed. A kept tombstone in a batch without a horizon gets one: now plus
 *       {@code delete.retention.ms}. Records without a key go.
 *   <li>Install each new segment in place of its group ({@link Log#replaceSegments}), then move the log's cleaner
 *       checkpoint to the map's end.
 * </ol>
 *
 * <p>What is always kept: batches that need no change are copied byte for byte; a batch that changes is rebuilt
 * with the same header (producer, sequence, epoch, compression type) and the kept records; transactional and
 * control batches are kept whole and never shadow other records (so the transaction rules can be added without
 * compaction having lost anything); the last batch of an idempotent producer is kept, emptied if need be, so its
 * sequence survives a restart; the last batch of each group is kept, emptied if need be, so a segment still ends
 * where the next begins.
 *
 * <p>Not thread-safe: one per cleaner thread (it owns the map's memory).
 */
final class Compactor {

    private static final Logger log = LoggerFactory.getLogger(Compactor.class);

    private final KeyOffsetMap map;
    private final int ioBufferSize;
    private final Time time;

    Compactor(long mapMemoryBytes, double loadFactor, int ioBufferSize, Time time) {
        this.map = new KeyOffsetMap(mapMemoryBytes, loadFactor);
        this.ioBufferSize = ioBufferSize;
        this.time = time;
    }

    /** What a pass did. */
    record Result(
            long firstDirtyOffset,
            long endOffset,
            int groups,
            long bytesRead,
            long bytesWritten,
            long recordsRemoved) {}

    /**
     * Compacts {@code log} according to {@code plan}.
     *
     * @return what was done, or null when nothing could be (no dirty batch fits in the map, or the log changed)
     * @throws IOException when reading the log or writing the new segments fails; nothing was installed then
     */
    Result compact(Log target, CleaningPlan plan) throws IOException {
        long now = time.milliseconds();
        long mapEnd = buildOffsetMap(plan);
        if (mapEnd <= plan.firstDirtyOffset()) {
            log.warn(
                    "{}: compaction cannot progress: the first dirty batch has more new keys than the map holds ({})",
                    logName(plan),
                    map.capacity());
            return null;
        }
        Stats stats = new Stats();
        int groups = 0;
        for (List<LogSegment> group : groups(plan, mapEnd)) {
            if (!cleanGroup(target, plan, group, now, stats)) {
                return null;
            }
            groups++;
        }
        target.setCleanerCheckpoint(mapEnd);
        return new Result(plan.firstDirtyOffset(), mapEnd, groups, stats.read, stats.written, stats.removed);
    }

    private static String logName(CleaningPlan plan) {
        return plan.segments().isEmpty()
                ? "?"
                : plan.segments().get(0).directory().getFileName().toString();
    }

    /** Fills the map from the dirty segments; returns the offset after the last batch mapped. */
    private long buildOffsetMap(CleaningPlan plan) throws IOException {
        map.clear();
        long firstDirty = plan.firstDirtyOffset();
        long end = firstDirty;
        int maxBatch = Math.max(plan.config().maxMessageBytes(), 64 << 20);
        List<Record> keyed = new ArrayList<>();
        for (LogSegment segment : plan.segments()) {
            if (segment.nextOffset() <= firstDirty) {
                continue;
            }
            int from = segment.offsetIndex().lookup(firstDirty).position();
            BatchScanner scanner = new BatchScanner(segment.log(), from, segment.size(), ioBufferSize, maxBatch);
            RecordBatch batch;
            while ((batch = scanner.next()) != null) {
                if (batch.lastOffset() < firstDirty) {
                    continue;
                }
                if (!batch.isControlBatch() && !batch.isTransactional()) {
                    keyed.clear();
                    int newKeys = 0;
                    for (Record record : batch) {
                        if (record.hasKey() && record.offset() >= firstDirty) {
                            keyed.add(record);
                            if (!map.contains(record.key())) {
                                newKeys++;
                            }
                        }
                    }
                    // A key repeated inside the batch is counted twice: the check errs on the safe side.
                    if (map.size() + newKeys > map.capacity()) {
                        return end;
                    }
                    for (Record record : keyed) {
                        map.put(record.key(), record.offset());
                    }
                }
                end = batch.nextOffset();
            }
            end = Math.max(end, segment.nextOffset());
        }
        return end;
    }

    /** Consecutive segments below {@code mapEnd}, grouped so each group fits one segment and its indexes. */
    private static List<List<LogSegment>> groups(CleaningPlan plan, long mapEnd) {
        List<List<LogSegment>> groups = new ArrayList<>();
        List<LogSegment> current = new ArrayList<>();
        long size = 0;
        long indexBytes = 0;
        LogConfig cfg = plan.config();
        for (LogSegment s : plan.segments()) {
            if (s.baseOffset() >= mapEnd) {
                break;
            }
            long segmentIndexBytes =
                    Math.max(s.offsetIndex().sizeInBytes(), s.timeIndex().sizeInBytes());
            boolean fits = !current.isEmpty()
                    && size + s.size() <= cfg.segmentBytes()
                    && indexBytes + segmentIndexBytes <= cfg.segmentIndexBytes()
                    && s.nextOffset() - 1 - current.get(0).baseOffset() <= Integer.MAX_VALUE;
            if (!fits && !current.isEmpty()) {
                groups.add(current);
                current = new ArrayList<>();
                size = 0;
                indexBytes = 0;
            }
            current.add(s);
            size += s.size();
            indexBytes += segmentIndexBytes;
        }
        if (!current.isEmpty()) {
            groups.add(current);
        }
        return groups;
    }

    private boolean cleanGroup(Log target, CleaningPlan plan, List<LogSegment> group, long now, Stats stats)
            throws IOException {
        LogConfig cfg = plan.config();
        LogSegment first = group.get(0);
        LogSegment last = group.get(group.size() - 1);
        long groupEnd = last.nextOffset();
        List<Integer> sizes = new ArrayList<>();
        for (LogSegment s : group) {
            sizes.add(s.size());
        }
        LogSegment cleaned = LogSegment.createCleaned(
                target.environment().disk(),
                target.directory(),
                first.baseOffset(),
                cfg.indexIntervalBytes(),
                cfg.segmentIndexBytes(),
                now);
        boolean installed = false;
        try {
            ByteBuf out = Unpooled.buffer(ioBufferSize);
            int maxBatch = Math.max(cfg.maxMessageBytes(), 64 << 20);
            for (int i = 0; i < group.size(); i++) {
                LogSegment source = group.get(i);
                BatchScanner scanner = new BatchScanner(source.log(), 0, sizes.get(i), ioBufferSize, maxBatch);
                RecordBatch batch;
                while ((batch = scanner.next()) != null) {
                    stats.read += batch.sizeInBytes();
                    boolean lastOfGroup = batch.nextOffset() == groupEnd;
                    Long producerLast =
                            batch.hasProducerId() ? plan.producerLastOffsets().get(batch.producerId()) : null;
                    boolean producersLast = producerLast != null && producerLast == batch.lastOffset();
                    ByteBuf kept = filter(batch, lastOfGroup || producersLast, now, cfg, stats);
                    if (kept == null) {
                        continue;
                    }
                    if (out.isReadable() && out.readableBytes() + kept.readableBytes() > ioBufferSize) {
                        cleaned.append(out);
                        out.clear();
                    }
                    stats.written += kept.readableBytes();
                    out.writeBytes(kept);
                }
                if (scanner.stopReason() != null) {
                    throw new IOException(
                            "Segment " + source + " could not be read to its end: " + scanner.stopReason());
                }
            }
            if (out.isReadable()) {
                cleaned.append(out);
            }
            cleaned.seal();
            cleaned.flush();
            installed = target.replaceSegments(group, sizes, cleaned, groupEnd);
            return installed;
        } catch (CorruptRecordException e) {
            throw new IOException("Unreadable batch while compacting " + first + ": " + e.getMessage(), e);
        } finally {
            if (!installed) {
                cleaned.closeAndDelete();
            }
        }
    }

    /**
     * The batch as it should be written after compaction, or null to drop it. {@code mustKeep} keeps at least its
     * header (an empty batch keeps its offsets and producer sequence).
     */
    private ByteBuf filter(RecordBatch batch, boolean mustKeep, long now, LogConfig cfg, Stats stats) {
        if (batch.isControlBatch() || batch.isTransactional()) {
            return batch.buffer();
        }
        List<Record> kept = new ArrayList<>();
        int total = 0;
        boolean keptTombstone = false;
        for (Record record : batch) {
            total++;
            if (retain(record, batch, now)) {
                kept.add(record);
                keptTombstone |= !record.hasValue();
            }
        }
        stats.removed += total - kept.size();
        boolean needsHorizon = keptTombstone && !batch.hasDeleteHorizonMs();
        if (kept.size() == total && !needsHorizon) {
            return batch.buffer();
        }
        if (kept.isEmpty() && !mustKeep) {
            return null;
        }
        RecordBatchBuilder builder = RecordBatchBuilder.rewriteOf(batch);
        if (needsHorizon) {
            builder.deleteHorizonMs(now + cfg.deleteRetentionMs());
        }
        for (Record record : kept) {
            builder.append(record);
        }
        return builder.build();
    }

    private boolean retain(Record record, RecordBatch batch, long now) {
        if (!record.hasKey()) {
            return false;
        }
        if (map.get(record.key()) > record.offset()) {
            return false;
        }
        if (!record.hasValue()) {
            return !(batch.hasDeleteHorizonMs() && now >= batch.deleteHorizonMs());
        }
        return true;
    }

    private static final class Stats {
        long read;
        long written;
        long removed;
    }
}
