package io.runnel.protocol.record;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;

/**
 * The growing output of one decompression, never larger than a limit. The array grows by doubling as the codec asks
 * for room, so the memory held is at most about twice what the input really decompressed to, and never more than the
 * limit plus one byte (the one byte lets a codec prove that output goes past the limit).
 *
 * <p>Bytes {@code [0, size)} of {@link #array()} are the output. Not thread-safe; one decompression owns it.
 */
final class DecompressedBytes {

    private static final int MIN_CAPACITY = 256;

    private final int limit;
    private byte[] array;
    private int size;

    /**
     * @param initialCapacity a guess of the output size; clamped to {@code [256, limit + 1]}
     * @param limit the most bytes the output may hold
     */
    DecompressedBytes(long initialCapacity, int limit) {
        this.limit = limit;
        long capped = Math.min(Math.max(initialCapacity, MIN_CAPACITY), (long) limit + 1);
        this.array = new byte[(int) Math.min(capped, Integer.MAX_VALUE - 8)];
    }

    byte[] array() {
        return array;
    }

    int size() {
        return size;
    }

    int limit() {
        return limit;
    }

    /** The free bytes after {@link #size()} in the current array. */
    int room() {
        return array.length - size;
    }

    void advance(int written) {
        size += written;
        if (size > limit) {
            throw exceeded();
        }
    }

    /**
     * Makes room for at least {@code wanted} more bytes, or as many as remain before limit + 1 if fewer. Returns the
     * room now available, which is positive unless the output is already past the limit.
     */
    int ensureRoom(int wanted) {
        long needed = (long) size + wanted;
        if (needed > array.length && array.length <= limit) {
            long grown = Math.max(needed, (long) array.length * 2);
            int capacity = (int) Math.min(grown, (long) limit + 1);
            array = Arrays.copyOf(array, capacity);
        }
        return array.length - size;
    }

    /** Fails unless {@code more} further bytes fit within the limit. */
    void checkFits(long more) {
        if (size + more > limit) {
            throw exceeded();
        }
    }

    CorruptRecordException exceeded() {
        return new CorruptRecordException("Decompressed records exceed the limit of " + limit
                + " bytes (a decompression bomb or an oversized" + " batch)");
    }

    /** The output as a buffer over the array, without copying. */
    ByteBuf toByteBuf() {
        return Unpooled.wrappedBuffer(array, 0, size);
    }
}
