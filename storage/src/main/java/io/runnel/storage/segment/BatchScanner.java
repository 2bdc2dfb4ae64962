package io.runnel.storage.segment;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.runnel.protocol.record.RecordBatch;
import java.io.IOException;

/**
 * Reads the whole batches of a {@link LogFile} in order, from a start position to an end position, in large
 * sequential reads. Each batch is returned as a view over an internal buffer, complete (header and records) so
 * its CRC can be checked, and valid until the next call.
 *
 * <p>The scan stops at the end, or early at a tail that is not a whole batch: fewer bytes than a header, a
 * length field below the minimum or above {@code maxBatchSize}, or a batch that runs past the end position.
 * {@link #nextPosition()} then tells where the whole batches end.
 *
 * <p>Not thread-safe.
 */
public final class BatchScanner {

    private static final int MIN_BATCH_LENGTH = RecordBatch.RECORD_BATCH_OVERHEAD - RecordBatch.LOG_OVERHEAD;

    private final LogFile file;
    private final int endPosition;
    private final int maxBatchSize;
    private final ByteBuf buffer;
    /** The file position of {@code buffer.readerIndex()}. */
    private long bufferPosition;

    private int batchPosition = -1;
    private int nextPosition;
    private String stopReason;

    public BatchScanner(LogFile file, int startPosition, int endPosition, int bufferSize, int maxBatchSize) {
        this.file = file;
        this.endPosition = endPosition;
        this.maxBatchSize = maxBatchSize;
        this.buffer = Unpooled.buffer(Math.max(bufferSize, RecordBatch.RECORD_BATCH_OVERHEAD));
        this.bufferPosition = startPosition;
        this.nextPosition = startPosition;
    }

    /** The next whole batch, or null at the end or at a tail that is not a whole batch. */
    public RecordBatch next() throws IOException {
        if (nextPosition >= endPosition) {
            return null;
        }
        // The buffer holds file bytes [bufferPosition, bufferPosition + readable); drop what was consumed.
        buffer.skipBytes((int) (nextPosition - bufferPosition));
        bufferPosition = nextPosition;
        if (!fill(RecordBatch.LOG_OVERHEAD)) {
            return stop("only " + (endPosition - nextPosition) + " bytes left, less than a batch header");
        }
        int length = buffer.getInt(buffer.readerIndex() + RecordBatch.LENGTH_OFFSET);
        if (length < MIN_BATCH_LENGTH) {
            return stop("batch length " + length + " is below the minimum " + MIN_BATCH_LENGTH);
        }
        long size = RecordBatch.LOG_OVERHEAD + (long) length;
        if (size > maxBatchSize) {
            return stop("batch size " + size + " exceeds the largest allowed " + maxBatchSize);
        }
        if (nextPosition + size > endPosition) {
            return stop("batch of " + size + " bytes runs past the end of the file");
        }
        if (!fill((int) size)) {
            return stop("file ended inside a batch");
        }
        batchPosition = nextPosition;
        nextPosition += (int) size;
        return new RecordBatch(buffer.slice(buffer.readerIndex(), (int) size));
    }

    /** The position of the batch last returned by {@link #next()}. */
    public int batchPosition() {
        return batchPosition;
    }

    /** The position after the last whole batch returned. */
    public int nextPosition() {
        return nextPosition;
    }

    /** Why the scan stopped before the end position, or null if it did not. */
    public String stopReason() {
        return stopReason;
    }

    private RecordBatch stop(String reason) {
        stopReason = reason;
        return null;
    }

    /** Ensures {@code needed} bytes are buffered from {@code bufferPosition}; false if the file ends first. */
    private boolean fill(int needed) throws IOException {
        if (buffer.readableBytes() >= needed) {
            return true;
        }
        buffer.discardReadBytes();
        if (buffer.capacity() < needed) {
            buffer.capacity((int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, buffer.capacity() * 2L)));
        }
        long readFrom = bufferPosition + buffer.readableBytes();
        int want = (int) Math.min(buffer.writableBytes(), endPosition - readFrom);
        if (want > 0) {
            file.read(buffer, readFrom, want);
        }
        return buffer.readableBytes() >= needed;
    }
}
