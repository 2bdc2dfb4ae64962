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
 * <p>Reading first walks the frame and block headers without decompressing: raw and RLE blocks state their output
 * size exactly, a compressed block produces at most the frame's block maximum (the window size, at most 128 KiB), and
 * a stated content size caps a frame. The sum bounds the output, so one array of that size (never above the limit)
 * takes the whole output in a single one-shot decompression, which needs no window buffer however large a window the
 * frame declares. Structure that does not parse, output beyond the bound, and a lower bound above the limit are
 * rejected. Writing compresses in one shot, so the frame states its content size.
 */
final class ZstdCodec implements Codec {

    static final ZstdCodec INSTANCE = new ZstdCodec();

    private static final int MAGIC = 0xFD2FB528;
    private static final int SKIPPABLE_MAGIC_MASK = 0xFFFFFFF0;
    private static final int SKIPPABLE_MAGIC = 0x184D2A50;
    private static final int MAX_BLOCK_SIZE = 128 * 1024;

    private ZstdCodec() {}

    @Override
    public ByteBuf decompress(ByteBuf in, int maxBytes) {
        Codec.ArrayRegion src = Codec.arrayRegion(in);
        if (src.length() == 0) {
            throw new CorruptRecordException("zstd stream is empty");
        }
        long[] bounds = outputBounds(src.array(), src.offset(), src.offset() + src.length());
        DecompressedBytes out = new DecompressedBytes(0, maxBytes);
        if (bounds[0] > maxBytes) {
            throw out.exceeded();
        }
        out = new DecompressedBytes(bounds[1], maxBytes);
        try (ZstdDecompressCtx ctx = new ZstdDecompressCtx()) {
            int n = ctx.decompressByteArray(
                    out.array(), 0, out.array().length, src.array(), src.offset(), src.length());
            out.advance(n);
            return out.toByteBuf();
        } catch (ZstdException e) {
            if (e.getErrorCode() == Zstd.errDstSizeTooSmall() && out.array().length > maxBytes) {
                throw out.exceeded();
            }
            throw new CorruptRecordException("Invalid zstd data: " + e.getMessage(), e);
        }
    }

    /**
     * Walks the frames in {@code a[pos, end)} and returns {lower, upper} bounds of their decompressed size.
     *
     * @throws CorruptRecordException for a truncated or malformed frame or block header
     */
    private static long[] outputBounds(byte[] a, int pos, int end) {
        long lower = 0;
        long upper = 0;
        while (pos < end) {
            need(pos, 4, end);
            int magic = intLE(a, pos);
            if ((magic & SKIPPABLE_MAGIC_MASK) == SKIPPABLE_MAGIC) {
                need(pos + 4, 4, end);
                long size = Integer.toUnsignedLong(intLE(a, pos + 4));
                if (size > end - pos - 8) {
                    throw new CorruptRecordException("zstd skippable frame overruns the input");
                }
                pos += 8 + (int) size;
                continue;
            }
            if (magic != MAGIC) {
                throw new CorruptRecordException("Not a zstd frame at byte " + pos);
            }
            pos += 4;
            need(pos, 1, end);
            int descriptor = a[pos++] & 0xff;
            int contentSizeFlag = descriptor >>> 6;
            boolean singleSegment = (descriptor & 0x20) != 0;
            boolean checksum = (descriptor & 0x04) != 0;
            if ((descriptor & 0x08) != 0) {
                throw new CorruptRecordException("zstd frame header sets a reserved bit");
            }
            long windowSize = 0;
            if (!singleSegment) {
                need(pos, 1, end);
                int w = a[pos++] & 0xff;
                long base = 1L << (10 + (w >>> 3));
                windowSize = base + (base / 8) * (w & 7);
            }
            int dictionaryIdSize = new int[] {0, 1, 2, 4}[descriptor & 3];
            need(pos, dictionaryIdSize, end);
            pos += dictionaryIdSize;
            int contentSizeSize = new int[] {singleSegment ? 1 : 0, 2, 4, 8}[contentSizeFlag];
            need(pos, contentSizeSize, end);
            long contentSize = -1;
            if (contentSizeSize > 0) {
                contentSize = 0;
                for (int i = contentSizeSize - 1; i >= 0; i--) {
                    contentSize = contentSize << 8 | (a[pos + i] & 0xff);
                }
                if (contentSizeSize == 2) {
                    contentSize += 256;
                }
                pos += contentSizeSize;
            }
            if (singleSegment) {
                windowSize = contentSize;
            }
            long blockMaximum = Math.min(windowSize, MAX_BLOCK_SIZE);
            long frameLower = 0;
            long frameUpper = 0;
            boolean last = false;
            while (!last) {
                need(pos, 3, end);
                int header = (a[pos] & 0xff) | (a[pos + 1] & 0xff) << 8 | (a[pos + 2] & 0xff) << 16;
                pos += 3;
                last = (header & 1) != 0;
                int type = (header >>> 1) & 3;
                int size = header >>> 3;
                switch (type) {
                    case 0 -> { // raw
                        need(pos, size, end);
                        pos += size;
                        frameLower += size;
                        frameUpper += size;
                    }
                    case 1 -> { // RLE: one byte repeated size times
                        need(pos, 1, end);
                        pos += 1;
                        frameLower += size;
                        frameUpper += size;
                    }
                    case 2 -> { // compressed
                        need(pos, size, end);
                        pos += size;
                        frameUpper += blockMaximum;
                    }
                    default -> throw new CorruptRecordException("zstd block has the reserved type 3");
                }
            }
            if (checksum) {
                need(pos, 4, end);
                pos += 4;
            }
            if (contentSize >= 0) {
                if (contentSize < frameLower || contentSize > frameUpper) {
                    throw new CorruptRecordException("zstd frame states " + contentSize
                            + " bytes of content but its blocks hold " + frameLower + " to " + frameUpper);
                }
                frameLower = contentSize;
                frameUpper = contentSize;
            }
            lower += frameLower;
            upper += frameUpper;
        }
        return new long[] {lower, upper};
    }

    private static void need(int pos, int n, int end) {
        if (n < 0 || end - pos < n) {
            throw new CorruptRecordException("zstd frame is truncated");
        }
    }

    private static int intLE(byte[] a, int p) {
        return (a[p] & 0xff) | (a[p + 1] & 0xff) << 8 | (a[p + 2] & 0xff) << 16 | (a[p + 3] & 0xff) << 24;
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
