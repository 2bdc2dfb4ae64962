package io.runnel.storage;

import io.runnel.protocol.record.RecordBatch;
import io.runnel.storage.checkpoint.CorruptCheckpointException;
import io.runnel.storage.epoch.LeaderEpochCache;
import io.runnel.storage.io.Disk;
import io.runnel.storage.producer.ProducerStateManager;
import io.runnel.storage.segment.BatchScanner;
import io.runnel.storage.segment.LogSegment;
import io.runnel.storage.segment.OffsetIndex;
import io.runnel.storage.segment.SegmentRecovery;
import io.runnel.storage.segment.TimeIndex;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a partition directory and brings it to a consistent state. The rules:
 *
 * <ol>
 *   <li>Leftovers of interrupted operations go: {@code .tmp} files, {@code .cleaned} files (an unfinished
 *       compaction), {@code .deleted} files (a deletion already decided), indexes without a log file. A
 *       {@code .swap} segment (a finished compaction not yet installed) replaces the segments it covers.
 *   <li>After a clean shutdown nothing is scanned. Otherwise every segment from the one holding the recovery point
 *       onwards is recovered: each batch's framing, CRC and offsets are checked, indexes rebuilt, and the file cut
 *       after the last valid batch. If a recovered segment was cut, or ends short of the next segment's base
 *       offset, every later segment is deleted: what follows a hole was never acknowledged as durable, and
 *       offsets must stay dense.
 *   <li>Segments before that are trusted, but an index that is missing or fails its sanity check is rebuilt, and
 *       so is a segment whose tail does not parse.
 *   <li>The log start offset is the checkpointed one or the first segment's base offset, whichever is larger; the
 *       leader epoch cache is cut to [log start, log end); producer state is loaded from the latest snapshot at or
 *       below the log end and the batches after it are replayed (from the log start when there is no snapshot).
 *   <li>What recovery changed is flushed, so the recovery point becomes the log end offset.
 * </ol>
 *
 * <p>Not thread-safe; used once per open, before the log is shared.
 */
final class LogLoader {

    private static final Logger log = LoggerFactory.getLogger(LogLoader.class);

    private final Path directory;
    private final TopicPartition topicPartition;
    private final LogConfig config;
    private final LogEnvironment env;
    private final Disk disk;
    private final long recoveryPoint;
    private final long logStartOffsetCheckpoint;
    private final boolean hadCleanShutdown;

    LogLoader(
            Path directory,
            TopicPartition topicPartition,
            LogConfig config,
            LogEnvironment env,
            long recoveryPoint,
            long logStartOffsetCheckpoint,
            boolean hadCleanShutdown) {
        this.directory = directory;
        this.topicPartition = topicPartition;
        this.config = config;
        this.env = env;
        this.disk = env.disk();
        this.recoveryPoint = recoveryPoint;
        this.logStartOffsetCheckpoint = logStartOffsetCheckpoint;
        this.hadCleanShutdown = hadCleanShutdown;
    }

    Log load(long highWatermark) throws IOException {
        if (!disk.exists(directory)) {
            disk.createDirectories(directory);
            disk.syncDirectory(directory.getParent());
        }
        TreeSet<Long> bases = removeLeftovers();
        LogSegments segments = new LogSegments();
        LeaderEpochCache epochCache = loadEpochCache();
        boolean changed = false;
        try {
            changed = openSegments(bases, segments, epochCache);
            if (segments.isEmpty()) {
                long start = Math.max(0, logStartOffsetCheckpoint);
                segments.add(LogSegment.create(
                        disk,
                        directory,
                        start,
                        config.indexIntervalBytes(),
                        config.segmentIndexBytes(),
                        env.time().milliseconds(),
                        0));
                changed = true;
            }
        } catch (IOException | RuntimeException e) {
            for (LogSegment s : segments.all()) {
                try {
                    s.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        long logEnd = segments.active().nextOffset();
        long logStart = Math.max(logStartOffsetCheckpoint, segments.first().baseOffset());
        if (logStart > logEnd) {
            log.warn(
                    "{}: checkpointed log start offset {} is beyond the recovered log end {}; starting there",
                    topicPartition,
                    logStart,
                    logEnd);
            logStart = logEnd;
        }
        epochCache.truncateFromEnd(logEnd);
        epochCache.truncateFromStart(logStart);

        ProducerStateManager producerState = new ProducerStateManager(disk, directory);
        long snapshot = producerState.loadLatestSnapshot(logEnd, logStart);
        replayProducerState(
                segments.all(), producerState, Math.max(snapshot, logStart), logEnd, config.maxMessageBytes());
        producerState.setMapEndOffset(logEnd);
        producerState.evictProducersBelow(logStart);
        producerState.deleteSnapshotsBelow(segments.first().baseOffset());

        long recovered = hadCleanShutdown ? logEnd : recoveryPoint;
        if (changed || !hadCleanShutdown) {
            for (LogSegment s : segments.between(Math.min(recoveryPoint, logEnd), logEnd)) {
                s.flush();
            }
            disk.syncDirectory(directory);
            recovered = logEnd;
        }
        if (snapshot != logEnd) {
            producerState.takeSnapshot();
        }
        return new Log(
                topicPartition,
                directory,
                config,
                env,
                segments,
                producerState,
                epochCache,
                logStart,
                recovered,
                highWatermark);
    }

    private LeaderEpochCache loadEpochCache() throws IOException {
        try {
            return LeaderEpochCache.load(disk, directory);
        } catch (CorruptCheckpointException e) {
            log.warn("{}: {}; starting with an empty leader epoch cache", topicPartition, e.getMessage());
            disk.deleteIfExists(directory.resolve(LeaderEpochCache.FILE_NAME));
            return LeaderEpochCache.load(disk, directory);
        }
    }

    /** Deletes the leftovers of interrupted operations and returns the base offsets of the segments present. */
    private TreeSet<Long> removeLeftovers() throws IOException {
        List<Path> files = disk.list(directory);
        TreeSet<Long> logs = new TreeSet<>();
        List<Path> swaps = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.endsWith(".tmp")
                    || name.endsWith(LogSegment.DELETED_SUFFIX)
                    || name.endsWith(LogSegment.CLEANED_SUFFIX)) {
                disk.deleteIfExists(file);
            } else if (name.endsWith(LogSegment.SWAP_SUFFIX)) {
                swaps.add(file);
            } else if (name.endsWith(LogSegment.LOG_SUFFIX) && LogSegment.baseOffsetOf(name) >= 0) {
                logs.add(LogSegment.baseOffsetOf(name));
            }
        }
        installSwaps(swaps, logs);
        for (Path file : disk.list(directory)) {
            String name = file.getFileName().toString();
            boolean index = name.endsWith(OffsetIndex.SUFFIX) || name.endsWith(TimeIndex.SUFFIX);
            if (index && !logs.contains(LogSegment.baseOffsetOf(name))) {
                disk.deleteIfExists(file);
            }
        }
        return logs;
    }

    /**
     * Completes compactions that were interrupted after their commit point: a compacted log file renamed to
     * {@code <base>.<end>.swap} replaces every segment whose base offset lies in [base, end). Those are deleted and
     * the swap becomes {@code <base>.log}; its indexes are rebuilt by the checks that follow (they are missing).
     */
    private void installSwaps(List<Path> swaps, TreeSet<Long> logs) throws IOException {
        if (swaps.isEmpty()) {
            return;
        }
        for (Path swap : swaps) {
            long[] range = LogSegment.swapRange(swap.getFileName().toString());
            if (range == null) {
                log.warn("{}: ignoring unrecognised swap file {}", topicPartition, swap);
                disk.deleteIfExists(swap);
                continue;
            }
            for (Long old : new ArrayList<>(logs.subSet(range[0], true, range[1], false))) {
                deleteSegmentFiles(old);
                logs.remove(old);
            }
            deleteSegmentFiles(range[0]);
            disk.move(swap, directory.resolve(LogSegment.fileName(range[0], LogSegment.LOG_SUFFIX)));
            logs.add(range[0]);
            log.info(
                    "{}: installed the compacted segment [{}, {}) left by an interrupted compaction",
                    topicPartition,
                    range[0],
                    range[1]);
        }
        disk.syncDirectory(directory);
    }

    private void deleteSegmentFiles(long base) throws IOException {
        disk.deleteIfExists(directory.resolve(LogSegment.fileName(base, LogSegment.LOG_SUFFIX)));
        disk.deleteIfExists(directory.resolve(LogSegment.fileName(base, OffsetIndex.SUFFIX)));
        disk.deleteIfExists(directory.resolve(LogSegment.fileName(base, TimeIndex.SUFFIX)));
    }

    /**
     * Opens every segment, recovering those that need it.
     *
     * @return whether anything on disk was changed (a truncation, a rebuilt index, a deleted segment)
     */
    private boolean openSegments(TreeSet<Long> bases, LogSegments segments, LeaderEpochCache epochCache)
            throws IOException {
        boolean changed = false;
        long recoverFrom = hadCleanShutdown ? Long.MAX_VALUE : floorOrFirst(bases, recoveryPoint);
        int maxBatchSize = Math.max(config.maxMessageBytes(), 64 << 20);
        List<Long> ordered = new ArrayList<>(bases);
        for (int i = 0; i < ordered.size(); i++) {
            long base = ordered.get(i);
            boolean last = i == ordered.size() - 1;
            boolean indexesPresent = disk.exists(directory.resolve(LogSegment.fileName(base, OffsetIndex.SUFFIX)))
                    && disk.exists(directory.resolve(LogSegment.fileName(base, TimeIndex.SUFFIX)));
            LogSegment segment = LogSegment.open(
                    disk,
                    directory,
                    base,
                    config.indexIntervalBytes(),
                    config.segmentIndexBytes(),
                    last,
                    env.time().milliseconds(),
                    0);
            SegmentRecovery recovery = null;
            if (base >= recoverFrom) {
                recovery = recover(segment, maxBatchSize, epochCache, "it is after the recovery point");
            } else {
                String problem = !indexesPresent ? "an index file is missing" : segment.indexProblem();
                if (problem == null) {
                    problem = segment.loadTail();
                }
                if (problem != null) {
                    recovery = recover(segment, maxBatchSize, epochCache, problem);
                }
            }
            if (!last) {
                // Sealed segments keep no index mirrors in memory.
                segment.offsetIndex().seal();
                segment.timeIndex().seal();
            }
            segments.add(segment);
            if (recovery == null) {
                continue;
            }
            changed = true;
            if (base < recoverFrom) {
                if (recovery.truncatedBytes() > 0) {
                    log.error(
                            "{}: segment {} is below the recovery point yet held corrupt data ({}); cut {} bytes, later"
                                    + " segments kept",
                            topicPartition,
                            base,
                            recovery.stopReason(),
                            recovery.truncatedBytes());
                }
                continue;
            }
            long nextBase = last ? Long.MAX_VALUE : ordered.get(i + 1);
            boolean hole = !last && segment.nextOffset() != nextBase;
            if (!last && (recovery.truncatedBytes() > 0 || hole)) {
                log.warn(
                        "{}: segment {} ends at offset {} ({}); deleting the {} segment(s) after it",
                        topicPartition,
                        base,
                        segment.nextOffset(),
                        recovery.truncatedBytes() > 0 ? recovery.stopReason() : "the next starts at " + nextBase,
                        ordered.size() - i - 1);
                for (long later : ordered.subList(i + 1, ordered.size())) {
                    deleteSegmentFiles(later);
                }
                disk.syncDirectory(directory);
                segment.offsetIndex().makeMutable();
                segment.timeIndex().makeMutable();
                break;
            }
        }
        return changed;
    }

    private SegmentRecovery recover(LogSegment segment, int maxBatchSize, LeaderEpochCache epochCache, String why)
            throws IOException {
        IOException[] epochFailure = new IOException[1];
        SegmentRecovery result = segment.recover(maxBatchSize, batch -> {
            int epoch = batch.partitionLeaderEpoch();
            if (epoch >= 0
                    && (epochCache.latestEpoch().isEmpty()
                            || epoch > epochCache.latestEpoch().getAsInt())) {
                try {
                    epochCache.assign(epoch, batch.baseOffset());
                } catch (IOException e) {
                    epochFailure[0] = e;
                }
            }
        });
        if (epochFailure[0] != null) {
            throw epochFailure[0];
        }
        if (result.truncatedBytes() > 0) {
            log.warn(
                    "{}: recovered segment {} ({}): kept {} bytes up to offset {}, cut {} bytes: {}",
                    topicPartition,
                    segment.baseOffset(),
                    why,
                    result.validBytes(),
                    result.nextOffset(),
                    result.truncatedBytes(),
                    result.stopReason());
        } else {
            log.debug(
                    "{}: recovered segment {} ({}): {} bytes up to offset {}",
                    topicPartition,
                    segment.baseOffset(),
                    why,
                    result.validBytes(),
                    result.nextOffset());
        }
        return result;
    }

    private static long floorOrFirst(TreeSet<Long> bases, long offset) {
        Long floor = bases.floor(offset);
        return floor != null ? floor : (bases.isEmpty() ? Long.MAX_VALUE : bases.first());
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
}
