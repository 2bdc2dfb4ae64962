package io.runnel.protocol.record;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Record batches held in a buffer: the readable bytes of {@code buffer}, batch after batch, each starting with its
 * 8-byte base offset and 4-byte length (see {@link RecordBatch}). The buffer is typically a slice of a request
 * frame, shared and not copied; this class neither retains nor releases it.
 *
 * <p>{@link #batches()} walks the batches and stops cleanly before a trailing partial batch, which fetch responses
 * may end with (a fetch is cut at a byte limit, not a batch boundary). {@link #validBytes()} says how far the
 * complete batches reach, so a produce request carrying a partial batch can be rejected.
 *
 * <p>Equality is by content. Not thread-safe when the underlying buffer is shared with a writer.
 */
public final class MemoryRecords implements Records {

    public static final MemoryRecords EMPTY = new MemoryRecords(Unpooled.EMPTY_BUFFER);

    private final ByteBuf buffer;

    public MemoryRecords(ByteBuf buffer) {
        this.buffer = buffer;
    }

    public static MemoryRecords wrap(byte[] bytes) {
        return new MemoryRecords(Unpooled.wrappedBuffer(bytes));
    }

    /** The bytes, as a view whose reader index is independent of this object's. */
    public ByteBuf buffer() {
        return buffer.duplicate();
    }

    @Override
    public int sizeInBytes() {
        return buffer.readableBytes();
    }

    @Override
    public void writeTo(ByteBuf out) {
        out.writeBytes(buffer, buffer.readerIndex(), buffer.readableBytes());
    }

    /**
     * The complete batches, each a view over its own slice of the buffer, without checking CRCs (call {@link
     * RecordBatch#ensureValid()} for that). Iteration ends at the end of the buffer or before a trailing partial
     * batch.
     *
     * @throws CorruptRecordException from the iterator, for a batch whose length field is below the minimum batch
     *     size or a complete batch whose magic is not 2
     */
    public Iterable<RecordBatch> batches() {
        return BatchIterator::new;
    }

    /** The bytes covered by the complete batches from the start: less than {@link #sizeInBytes()} if the last is partial. */
    public int validBytes() {
        BatchIterator it = new BatchIterator();
        while (it.hasNext()) {
            it.next();
        }
        return it.position - buffer.readerIndex();
    }

    /** Walks batches by their length fields. */
    private final class BatchIterator implements Iterator<RecordBatch> {

        private int position = buffer.readerIndex();
        private RecordBatch next;

        @Override
        public boolean hasNext() {
            if (next == null) {
                next = advance();
            }
            return next != null;
        }

        @Override
        public RecordBatch next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            RecordBatch batch = next;
            next = null;
            return batch;
        }

        private RecordBatch advance() {
            int remaining = buffer.writerIndex() - position;
            if (remaining < RecordBatch.LOG_OVERHEAD) {
                return null;
            }
            int length = buffer.getInt(position + RecordBatch.LENGTH_OFFSET);
            if (length < RecordBatch.RECORD_BATCH_OVERHEAD - RecordBatch.LOG_OVERHEAD) {
                throw new CorruptRecordException("Record batch at byte " + (position - buffer.readerIndex())
                        + " has length " + length + ", below the minimum "
                        + (RecordBatch.RECORD_BATCH_OVERHEAD - RecordBatch.LOG_OVERHEAD));
            }
            if (remaining - RecordBatch.LOG_OVERHEAD < length) {
                return null;
            }
            byte magic = buffer.getByte(position + RecordBatch.MAGIC_OFFSET);
            if (magic != RecordBatch.MAGIC_V2) {
                throw new CorruptRecordException("Record batch at byte " + (position - buffer.readerIndex())
                        + " has magic " + magic + "; only magic 2 is supported");
            }
            int size = RecordBatch.LOG_OVERHEAD + length;
            RecordBatch batch = new RecordBatch(buffer.slice(position, size));
            position += size;
            return batch;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemoryRecords other && buffer.equals(other.buffer);
    }

    @Override
    public int hashCode() {
        return buffer.hashCode();
    }

    @Override
    public String toString() {
        return "MemoryRecords(" + buffer.readableBytes() + " bytes)";
    }
}
