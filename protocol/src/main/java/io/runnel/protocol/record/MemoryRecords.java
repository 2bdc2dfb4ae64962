package io.runnel.protocol.record;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Record batches held in a buffer: the readable bytes of {@code buffer}. The buffer is typically a slice of a
 * request frame, shared and not copied; this class neither retains nor releases it.
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
