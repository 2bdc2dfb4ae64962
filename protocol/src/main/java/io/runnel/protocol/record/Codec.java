package io.runnel.protocol.record;

import io.netty.buffer.ByteBuf;

/**
 * One compression format as record batches use it: the whole records section of a batch is compressed as one stream.
 * Implementations are stateless and thread-safe.
 *
 * <p>Decompression is bounded: the output never grows past {@code maxBytes}, input is never trusted for an
 * allocation size beyond what it can back, and anything malformed, truncated or over the limit fails with {@link
 * CorruptRecordException} only.
 */
sealed interface Codec permits GzipCodec, SnappyCodec, Lz4FrameCodec, ZstdCodec {

    /**
     * Decompresses all readable bytes of {@code in} (without moving its indexes) into a new heap buffer.
     *
     * @throws CorruptRecordException if the input is not one complete, valid stream or decompresses to more than
     *     {@code maxBytes}
     */
    ByteBuf decompress(ByteBuf in, int maxBytes);

    /** Compresses the readable bytes of {@code in} (without moving its indexes), appending the stream to {@code out}. */
    void compress(ByteBuf in, ByteBuf out, int level);

    /** @throws IllegalArgumentException for {@link CompressionType#NONE}, which has no codec */
    static Codec forType(CompressionType type) {
        return switch (type) {
            case GZIP -> GzipCodec.INSTANCE;
            case SNAPPY -> SnappyCodec.INSTANCE;
            case LZ4 -> Lz4FrameCodec.INSTANCE;
            case ZSTD -> ZstdCodec.INSTANCE;
            case NONE -> throw new IllegalArgumentException("uncompressed records have no codec");
        };
    }

    /** The readable bytes of {@code buf} as an array region: the backing array itself when there is one, else a copy. */
    static ArrayRegion arrayRegion(ByteBuf buf) {
        int length = buf.readableBytes();
        if (buf.hasArray()) {
            return new ArrayRegion(buf.array(), buf.arrayOffset() + buf.readerIndex(), length);
        }
        byte[] copy = new byte[length];
        buf.getBytes(buf.readerIndex(), copy);
        return new ArrayRegion(copy, 0, length);
    }

    /** {@code length} bytes of {@code array} from {@code offset}. */
    record ArrayRegion(byte[] array, int offset, int length) {}
}
