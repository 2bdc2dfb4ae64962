package io.runnel.storage.segment;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.runnel.protocol.record.CorruptRecordException;
import io.runnel.protocol.record.RecordBatch;
import io.runnel.storage.io.Disk;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One segment of a partition log: the batches from {@link #baseOffset()} up to the next segment's base offset, in
 * three files named by the base offset as 20 zero-padded digits: {@code .log} ({@link LogFile}), {@code .index}
 * ({@link OffsetIndex}) and {@code .timeindex} ({@link TimeIndex}).
 *
 * <p>Invariants: batches in the log file have increasing, non-overlapping offsets, all at or above the base offset
 * and less than 2^31 above it (relative offsets are 4 bytes); {@link #nextOffset()} is the offset after the last
 * batch (the base offset when empty); the indexes never point past the log's visible size.
 *
 * <p>Thread-safety: this class is not thread-safe for writers; the owning log serialises appends, truncation,
 * recovery, sealing and deletion under its lock. Readers may call the lookup methods concurrently with an append:
 * they see a prefix of whole batches bounded by the log's volatile size.
 */
public final class LogSegment {

    public static final String LOG_SUFFIX = ".log";
    public static final String DELETED_SUFFIX = ".deleted";
    public static final String CLEANED_SUFFIX = ".cleaned";
    public static final String SWAP_SUFFIX = ".swap";

    private final Path directory;
    private final long baseOffset;
    private final LogFile log;
    private final OffsetIndex offsetIndex;
    private final TimeIndex timeIndex;
    private final long createdMs;
    private final long rollJitterMs;
    private final ByteBuf headerScratch = Unpooled.buffer(RecordBatch.RECORD_BATCH_OVERHEAD);

    private volatile int indexIntervalBytes;
    private int bytesSinceLastIndexEntry;
    private volatile long maxTimestamp = RecordBatch.NO_TIMESTAMP;
    private volatile long offsetOfMaxTimestamp;
    private volatile long nextOffset;
    /** The largest timestamp of the first batch, which time-based rolling measures from; -1 before any batch. */
    private volatile long rollingBaseTimestamp = RecordBatch.NO_TIMESTAMP;

    private LogSegment(
            Path directory,
            long baseOffset,
            LogFile log,
            OffsetIndex offsetIndex,
            TimeIndex timeIndex,
            int indexIntervalBytes,
            long createdMs,
            long rollJitterMs) {
        this.directory = directory;
        this.baseOffset = baseOffset;
        this.log = log;
        this.offsetIndex = offsetIndex;
        this.timeIndex = timeIndex;
        this.indexIntervalBytes = indexIntervalBytes;
        this.createdMs = createdMs;
        this.rollJitterMs = rollJitterMs;
        this.nextOffset = baseOffset;
        this.offsetOfMaxTimestamp = baseOffset;
    }

    /** {@code 00000000000000001234} + suffix. */
    public static String fileName(long baseOffset, String suffix) {
        return String.format("%020d", baseOffset) + suffix;
    }

    /** The base offset named by a segment file name ({@code 00000000000000001234.log...}), or -1. */
    public static long baseOffsetOf(String fileName) {
        int dot = fileName.indexOf('.');
        if (dot != 20) {
            return -1;
        }
        try {
            return Long.parseLong(fileName.substring(0, 20));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The name of the file that commits a compaction replacing the segments in [base, end): {@code <base>.<end>.swap}. */
    public static String swapFileName(long baseOffset, long endOffset) {
        return String.format("%020d.%020d", baseOffset, endOffset) + SWAP_SUFFIX;
    }

    /** The [base, end) range named by a swap file, or null when the name is not one. */
    public static long[] swapRange(String fileName) {
        if (fileName.length() != 41 + SWAP_SUFFIX.length()
                || !fileName.endsWith(SWAP_SUFFIX)
                || fileName.charAt(20) != '.') {
            return null;
        }
        try {
            return new long[] {Long.parseLong(fileName.substring(0, 20)), Long.parseLong(fileName.substring(21, 41))};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Creates a new, empty, active segment (any existing files of that name are emptied). */
    public static LogSegment create(
            Disk disk,
            Path directory,
            long baseOffset,
            int indexIntervalBytes,
            int maxIndexBytes,
            long nowMs,
            long rollJitterMs)
            throws IOException {
        LogSegment segment =
                open(disk, directory, baseOffset, indexIntervalBytes, maxIndexBytes, true, nowMs, rollJitterMs);
        segment.log.truncateTo(0);
        segment.offsetIndex.reset();
        segment.timeIndex.reset();
        return segment;
    }

    /**
     * Opens the files of an existing segment. The caller then either {@link #recover}s it or, when its data is
     * trusted, checks the indexes ({@link #indexProblem()}) and calls {@link #loadTail()}.
     *
     * @param mutable true for the active segment, whose indexes are loaded into memory to be appended to
     */
    public static LogSegment open(
            Disk disk,
            Path directory,
            long baseOffset,
            int indexIntervalBytes,
            int maxIndexBytes,
            boolean mutable,
            long nowMs,
            long rollJitterMs)
            throws IOException {
        return openFiles(
                disk, directory, baseOffset, "", indexIntervalBytes, maxIndexBytes, mutable, nowMs, rollJitterMs);
    }

    /**
     * Creates the empty output segment of a compaction: files named {@code <base>.log.cleaned}, {@code
     * <base>.index.cleaned}, {@code <base>.timeindex.cleaned}, which recovery deletes until the compaction commits.
     */
    public static LogSegment createCleaned(
            Disk disk, Path directory, long baseOffset, int indexIntervalBytes, int maxIndexBytes, long nowMs)
            throws IOException {
        LogSegment segment = openFiles(
                disk, directory, baseOffset, CLEANED_SUFFIX, indexIntervalBytes, maxIndexBytes, true, nowMs, 0);
        segment.log.truncateTo(0);
        segment.offsetIndex.reset();
        segment.timeIndex.reset();
        return segment;
    }

    private static LogSegment openFiles(
            Disk disk,
            Path directory,
            long baseOffset,
            String extraSuffix,
            int indexIntervalBytes,
            int maxIndexBytes,
            boolean mutable,
            long nowMs,
            long rollJitterMs)
            throws IOException {
        LogFile log = LogFile.open(disk, directory.resolve(fileName(baseOffset, LOG_SUFFIX + extraSuffix)));
        OffsetIndex offsetIndex = null;
        try {
            offsetIndex = new OffsetIndex(
                    disk,
                    directory.resolve(fileName(baseOffset, OffsetIndex.SUFFIX + extraSuffix)),
                    baseOffset,
                    maxIndexBytes,
                    mutable);
            TimeIndex timeIndex = new TimeIndex(
                    disk,
                    directory.resolve(fileName(baseOffset, TimeIndex.SUFFIX + extraSuffix)),
                    baseOffset,
                    maxIndexBytes,
                    mutable);
            return new LogSegment(
                    directory, baseOffset, log, offsetIndex, timeIndex, indexIntervalBytes, nowMs, rollJitterMs);
        } catch (IOException | RuntimeException e) {
            log.close();
            if (offsetIndex != null) {
                offsetIndex.closeQuietly();
            }
            throw e;
        }
    }

    public long baseOffset() {
        return baseOffset;
    }

    public LogFile log() {
        return log;
    }

    public OffsetIndex offsetIndex() {
        return offsetIndex;
    }

    public TimeIndex timeIndex() {
        return timeIndex;
    }

    /** The visible size of the log file in bytes. */
    public int size() {
        return log.size();
    }

    public boolean isEmpty() {
        return log.size() == 0;
    }

    /** The offset after the last batch; the base offset when empty. */
    public long nextOffset() {
        return nextOffset;
    }

    /** The largest batch timestamp, or -1 when no batch has one. */
    public long maxTimestamp() {
        return maxTimestamp;
    }

    /** The base offset of the first batch that carries {@link #maxTimestamp()}. */
    public long offsetOfMaxTimestamp() {
        return offsetOfMaxTimestamp;
    }

    /** The largest timestamp of the first batch, or -1 when empty or unknown. */
    public long firstBatchTimestamp() {
        return rollingBaseTimestamp;
    }

    /** The time retention measures this segment's age by: its largest timestamp, else when it was opened. */
    public long largestTimestampOrCreated() {
        return maxTimestamp >= 0 ? maxTimestamp : createdMs;
    }

    public void setIndexIntervalBytes(int indexIntervalBytes) {
        this.indexIntervalBytes = indexIntervalBytes;
    }

    /**
     * Whether an append of {@code appendBytes} whose largest offset is {@code largestOffset} and largest timestamp
     * {@code appendMaxTimestamp} must go to a new segment. A non-empty segment rolls when the append would take it
     * past {@code segmentBytes}; when it is older than {@code segmentMs} less its jitter (age is measured, as Kafka
     * does, from its first batch's timestamp to the append's, or from its creation when timestamps are missing);
     * when an index is full. Any segment rolls when the offset would not fit in 4 relative bytes.
     */
    public boolean shouldRoll(
            int appendBytes,
            long largestOffset,
            long appendMaxTimestamp,
            int segmentBytes,
            long segmentMs,
            long nowMs) {
        if (largestOffset - baseOffset > Integer.MAX_VALUE) {
            return true;
        }
        if (isEmpty()) {
            return false;
        }
        long age = rollingBaseTimestamp >= 0 && appendMaxTimestamp >= 0
                ? appendMaxTimestamp - rollingBaseTimestamp
                : nowMs - createdMs;
        return (long) size() + appendBytes > segmentBytes
                || age > segmentMs - rollJitterMs
                || offsetIndex.isFull()
                || timeIndex.isFull();
    }

    /**
     * Appends validated batches with offsets assigned (one write), then indexes them.
     *
     * @throws IOException when the write fails; nothing is visible and the segment's state is unchanged
     */
    public void append(ByteBuf batches) throws IOException {
        int position = log.append(batches);
        ByteBuf view = batches.duplicate();
        while (view.isReadable()) {
            RecordBatch batch = new RecordBatch(view);
            int size = batch.sizeInBytes();
            indexBatch(position, size, batch.baseOffset(), batch.maxTimestamp());
            nextOffset = batch.nextOffset();
            position += size;
            view.skipBytes(size);
        }
    }

    private void indexBatch(int position, int size, long batchBaseOffset, long batchMaxTimestamp) {
        if (rollingBaseTimestamp < 0 && position == 0) {
            rollingBaseTimestamp = batchMaxTimestamp;
        }
        if (batchMaxTimestamp > maxTimestamp) {
            maxTimestamp = batchMaxTimestamp;
            offsetOfMaxTimestamp = batchBaseOffset;
        }
        if (bytesSinceLastIndexEntry > indexIntervalBytes) {
            if (!offsetIndex.isFull()) {
                offsetIndex.append(batchBaseOffset, position);
            }
            timeIndex.maybeAppend(maxTimestamp, offsetOfMaxTimestamp, false);
            bytesSinceLastIndexEntry = 0;
        }
        bytesSinceLastIndexEntry += size;
    }

    /**
     * The first batch whose last offset is at least {@code offset}, searching from the index entry at or below it
     * and not past {@code maxPosition}; null when there is none.
     */
    public BatchLocation locate(long offset, int maxPosition) throws IOException {
        OffsetPosition start = offsetIndex.lookup(offset);
        return walkTo(start.position(), maxPosition, batch -> batch.lastOffset() >= offset);
    }

    /**
     * The first batch at or after {@code startingOffset} whose largest timestamp is at least {@code timestamp},
     * not past {@code maxPosition}; null when there is none.
     */
    public BatchLocation locateTimestamp(long timestamp, long startingOffset, int maxPosition) throws IOException {
        TimestampOffset hint = timeIndex.lookup(timestamp);
        OffsetPosition start = offsetIndex.lookup(Math.max(hint.offset(), startingOffset));
        return walkTo(
                start.position(),
                maxPosition,
                batch -> batch.lastOffset() >= startingOffset && batch.maxTimestamp() >= timestamp);
    }

    /**
     * Like {@link #locateTimestamp}, but scanning from {@code position} (a batch start), to continue past a batch
     * whose records turned out to be older than its header said.
     */
    public BatchLocation locateTimestampFrom(int position, long timestamp, long startingOffset, int maxPosition)
            throws IOException {
        return walkTo(
                position,
                maxPosition,
                batch -> batch.lastOffset() >= startingOffset && batch.maxTimestamp() >= timestamp);
    }

    /** Reads the whole batch at {@code location} into a new heap buffer. */
    public RecordBatch readBatch(BatchLocation location) throws IOException {
        ByteBuf bytes = Unpooled.buffer(location.size());
        if (!log.read(bytes, location.position(), location.size())) {
            throw new IOException("Segment " + log.path() + " ended inside the batch at " + location.position());
        }
        return new RecordBatch(bytes);
    }

    private BatchLocation walkTo(int position, int maxPosition, Predicate<RecordBatch> stopAt) throws IOException {
        int limit = Math.min(maxPosition, log.size());
        ByteBuf scratch = readerScratch();
        while (position < limit) {
            RecordBatch header = log.readHeader(position, limit, scratch);
            if (header == null) {
                return null;
            }
            int size = header.sizeInBytes();
            if (size < RecordBatch.RECORD_BATCH_OVERHEAD || position + (long) size > limit) {
                return null;
            }
            if (stopAt.test(header)) {
                return new BatchLocation(
                        position, size, header.baseOffset(), header.lastOffset(), header.maxTimestamp());
            }
            position += size;
        }
        return null;
    }

    /**
     * The end of the whole batches that fit between {@code startPosition} (a batch start) and {@code startPosition +
     * maxBytes}, not past {@code maxPosition}. When not even the first batch (of {@code firstBatchSize} bytes) fits,
     * the result is its end if {@code minOneBatch}, else {@code startPosition}.
     */
    public int endPosition(int startPosition, int firstBatchSize, int maxBytes, int maxPosition, boolean minOneBatch)
            throws IOException {
        int limit = (int) Math.min(Math.min(maxPosition, log.size()), (long) startPosition + maxBytes);
        if (startPosition + firstBatchSize > limit) {
            return minOneBatch ? startPosition + firstBatchSize : startPosition;
        }
        int position = Math.max(
                startPosition + firstBatchSize,
                offsetIndex.lookupByPosition(limit).position());
        ByteBuf scratch = readerScratch();
        while (position < limit) {
            RecordBatch header = log.readHeader(position, limit, scratch);
            if (header == null || position + (long) header.sizeInBytes() > limit) {
                break;
            }
            position += header.sizeInBytes();
        }
        return position;
    }

    /** Readers run concurrently, so each lookup reads headers into its own small buffer. */
    private static ByteBuf readerScratch() {
        return Unpooled.buffer(RecordBatch.RECORD_BATCH_OVERHEAD);
    }

    /**
     * Removes every batch whose last offset is at least {@code offset}, and their index entries, and makes the
     * segment appendable again.
     *
     * @return the number of bytes removed
     */
    public int truncateTo(long offset) throws IOException {
        BatchLocation first = locate(offset, log.size());
        offsetIndex.makeMutable();
        timeIndex.makeMutable();
        if (first == null) {
            return 0;
        }
        int removed = log.size() - first.position();
        offsetIndex.truncateTo(first.baseOffset());
        timeIndex.truncateTo(first.baseOffset());
        log.truncateTo(first.position());
        loadTail();
        return removed;
    }

    /**
     * Reads the batches after the last offset index entry (at most about {@code index.interval.bytes}) to learn the
     * next offset, the largest timestamp and the roll base timestamp. For segments whose data is trusted.
     *
     * @return null when the tail is whole batches, otherwise what is wrong (the segment then needs recovery)
     */
    public String loadTail() throws IOException {
        TimestampOffset lastTime = timeIndex.lastEntry();
        maxTimestamp = lastTime.timestamp();
        offsetOfMaxTimestamp = lastTime.offset();
        rollingBaseTimestamp = RecordBatch.NO_TIMESTAMP;
        int size = log.size();
        if (size > 0) {
            RecordBatch first = log.readHeader(0, size, headerScratch);
            if (first == null) {
                return "the first batch header is incomplete";
            }
            rollingBaseTimestamp = first.maxTimestamp();
        }
        OffsetPosition start = offsetIndex.lastEntry();
        int position = start.position();
        long next = baseOffset;
        bytesSinceLastIndexEntry = size - start.position();
        while (position < size) {
            RecordBatch header = log.readHeader(position, size, headerScratch);
            if (header == null
                    || header.sizeInBytes() < RecordBatch.RECORD_BATCH_OVERHEAD
                    || position + (long) header.sizeInBytes() > size) {
                return "the batch at position " + position + " is incomplete";
            }
            if (header.maxTimestamp() > maxTimestamp) {
                maxTimestamp = header.maxTimestamp();
                offsetOfMaxTimestamp = header.baseOffset();
            }
            next = header.nextOffset();
            position += header.sizeInBytes();
        }
        nextOffset = next;
        return null;
    }

    /** What is wrong with the indexes as opened, or null when they look consistent with the log file. */
    public String indexProblem() {
        String problem = offsetIndex.sanityCheck(log.size());
        if (problem != null) {
            return offsetIndex.path().getFileName() + ": " + problem;
        }
        problem = timeIndex.sanityCheck();
        return problem == null ? null : timeIndex.path().getFileName() + ": " + problem;
    }

    /**
     * Validates every batch from the start (framing, CRC, offsets increasing within the segment), rebuilds both
     * indexes and the derived state, and truncates the file after the last valid batch.
     *
     * @param maxBatchSize a length field above this is treated as corruption
     * @param onValidBatch sees every valid batch in order (producer state and leader epochs are rebuilt from them)
     */
    public SegmentRecovery recover(int maxBatchSize, Consumer<RecordBatch> onValidBatch) throws IOException {
        offsetIndex.reset();
        timeIndex.reset();
        maxTimestamp = RecordBatch.NO_TIMESTAMP;
        offsetOfMaxTimestamp = baseOffset;
        rollingBaseTimestamp = RecordBatch.NO_TIMESTAMP;
        bytesSinceLastIndexEntry = 0;
        long fileLength = log.fileLength();
        int end = (int) Math.min(Integer.MAX_VALUE, fileLength);
        BatchScanner scanner = new BatchScanner(log, 0, end, 1 << 20, maxBatchSize);
        long next = baseOffset;
        int validBytes = 0;
        String stopReason = null;
        RecordBatch batch;
        while ((batch = scanner.next()) != null) {
            String problem = problemWith(batch, next);
            if (problem != null) {
                stopReason = problem + " at position " + scanner.batchPosition();
                break;
            }
            indexBatch(scanner.batchPosition(), batch.sizeInBytes(), batch.baseOffset(), batch.maxTimestamp());
            onValidBatch.accept(batch);
            next = batch.nextOffset();
            validBytes = scanner.nextPosition();
        }
        if (stopReason == null) {
            stopReason = scanner.stopReason();
        }
        log.setSize(validBytes);
        long truncated = fileLength - validBytes;
        if (truncated > 0) {
            log.truncateTo(validBytes);
        }
        nextOffset = next;
        return new SegmentRecovery(validBytes, truncated, stopReason, next);
    }

    private String problemWith(RecordBatch batch, long expectedAtLeast) {
        try {
            batch.ensureValid();
        } catch (CorruptRecordException e) {
            return e.getMessage();
        }
        if (batch.baseOffset() < expectedAtLeast) {
            return "batch base offset " + batch.baseOffset() + " is below " + expectedAtLeast;
        }
        if (batch.lastOffset() - baseOffset > Integer.MAX_VALUE) {
            return "batch last offset " + batch.lastOffset() + " is too far above the segment base " + baseOffset;
        }
        return null;
    }

    /** Adds the final time index entry and drops the in-memory indexes: the segment is no longer appended to. */
    public void seal() throws IOException {
        timeIndex.maybeAppend(maxTimestamp, offsetOfMaxTimestamp, true);
        offsetIndex.seal();
        timeIndex.seal();
    }

    /** Forces the indexes, then the log, so the indexes never point at data that is not durable. */
    public void flush() throws IOException {
        offsetIndex.flush();
        timeIndex.flush();
        log.flush();
    }

    /** Forces the log file only. */
    public void flushData() throws IOException {
        log.flush();
    }

    /** Renames every file with the {@code .deleted} suffix; the channels stay open for in-flight reads. */
    public void renameToDeleted() throws IOException {
        log.renameTo(withSuffix(log.path(), DELETED_SUFFIX));
        offsetIndex.renameTo(withSuffix(offsetIndex.path(), DELETED_SUFFIX));
        timeIndex.renameTo(withSuffix(timeIndex.path(), DELETED_SUFFIX));
    }

    /** Renames every file by appending {@code suffix} (for example {@code .swap}) to its name. */
    public void renameAddingSuffix(String suffix) throws IOException {
        log.renameTo(withSuffix(log.path(), suffix));
        offsetIndex.renameTo(withSuffix(offsetIndex.path(), suffix));
        timeIndex.renameTo(withSuffix(timeIndex.path(), suffix));
    }

    /** Renames every file by removing {@code suffix} from its name. */
    public void renameRemovingSuffix(String suffix) throws IOException {
        log.renameTo(withoutSuffix(log.path(), suffix));
        offsetIndex.renameTo(withoutSuffix(offsetIndex.path(), suffix));
        timeIndex.renameTo(withoutSuffix(timeIndex.path(), suffix));
    }

    private static Path withSuffix(Path path, String suffix) {
        return path.resolveSibling(path.getFileName() + suffix);
    }

    private static Path withoutSuffix(Path path, String suffix) {
        String name = path.getFileName().toString();
        if (!name.endsWith(suffix)) {
            throw new IllegalStateException(path + " does not end with " + suffix);
        }
        return path.resolveSibling(name.substring(0, name.length() - suffix.length()));
    }

    /** Closes the files, writing pending index entries. */
    public void close() throws IOException {
        try {
            offsetIndex.close();
            timeIndex.close();
        } finally {
            log.close();
        }
    }

    /** Closes the files without writing anything and deletes them. */
    public void closeAndDelete() throws IOException {
        offsetIndex.closeQuietly();
        timeIndex.closeQuietly();
        try {
            log.close();
        } catch (IOException ignored) {
            // The file is being deleted.
        }
        log.deleteIfExists();
        offsetIndex.deleteIfExists();
        timeIndex.deleteIfExists();
    }

    public Path directory() {
        return directory;
    }

    @Override
    public String toString() {
        return "LogSegment(baseOffset=" + baseOffset + ", size=" + size() + ", nextOffset=" + nextOffset + ")";
    }
}
