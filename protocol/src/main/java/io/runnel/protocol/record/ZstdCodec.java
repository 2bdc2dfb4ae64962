package io.runnel.protocol.record;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import io.netty.buffer.ByteBuf;

/**
 * Zstandard frames (RFC 8878) with zstd-jni: one or more frames, skippable frames allowed, as Kafka clients write
 * them (producers stream, so their frames usually state no content size).
 *
 * <p>Reading decompresses in one shot into a heap array, which needs no window buffer however large a window the
 * frame declares. The array is sized from the frame's content size when stated (trusted only up to a ratio of the
 * input), else from a multiple of the input, and doubled while zstd reports it too small, up to the limit. Writing
 * compresses in one shot, so the frame states its content size and a reader can allocate exactly.
 */
final class ZstdCodec implements Codec {

    static final ZstdCodec INSTANCE = new ZstdCodec();

    /** Stated content sizes beyond this multiple of the input only grow the output as decompression proves them. */
    private static final long TRUSTED_RATIO = 1024;

    private static final int GUESSED_RATIO = 4;

    private ZstdCodec() {}

    @Override
    public ByteBuf decompress(ByteBuf in, int maxBytes) {
        Codec.ArrayRegion src = Codec.arrayRegion(in);
        if (src.length() == 0) {
            throw new CorruptRecordException("zstd stream is empty");
        }
        long stated = Zstd.getFrameContentSize(src.array(), src.offset(), src.length());
        long capacity;
        if (stated >= 0) {
            if (stated > maxBytes) {
                throw new DecompressedBytes(0, maxBytes).exceeded();
            }
            capacity = Math.min(stated, src.length() * TRUSTED_RATIO + 1024);
        } else {
            capacity = (long) src.length() * GUESSED_RATIO + 1024;
        }
        try (ZstdDecompressCtx ctx = new ZstdDecompressCtx()) {
            while (true) {
                DecompressedBytes out = new DecompressedBytes(capacity, maxBytes);
                try {
                    int n = ctx.decompressByteArray(
                            out.array(), 0, out.array().length, src.array(), src.offset(), src.length());
                    out.advance(n);
                    return out.toByteBuf();
                } catch (ZstdException e) {
                    if (e.getErrorCode() != Zstd.errDstSizeTooSmall()) {
                        throw new CorruptRecordException("Invalid zstd data: " + e.getMessage(), e);
                    }
                    if (out.array().length > maxBytes) {
                        throw out.exceeded();
                    }
                    capacity = (long) out.array().length * 2;
                }
            }
        }
    }

    @Override
    public void compress(ByteBuf in, ByteBuf out, int level) {
        Codec.ArrayRegion src = Codec.arrayRegion(in);
        int bound = (int) Zstd.compressBound(src.length());
        try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
            ctx.setLevel(level).setContentSize(true).setChecksum(false);
            if (out.hasArray()) {
                out.ensureWritable(bound);
                int n = ctx.compressByteArray(
                        out.array(),
                        out.arrayOffset() + out.writerIndex(),
                        bound,
                        src.array(),
                        src.offset(),
                        src.length());
                out.writerIndex(out.writerIndex() + n);
            } else {
                byte[] compressed = new byte[bound];
                int n = ctx.compressByteArray(compressed, 0, bound, src.array(), src.offset(), src.length());
                out.writeBytes(compressed, 0, n);
            }
        }
    }
}
