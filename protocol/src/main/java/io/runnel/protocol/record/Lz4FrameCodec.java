package io.runnel.protocol.record;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * The LZ4 frame format (lz4's {@code lz4_Frame_format.md}), which record batches of magic 2 use. Little-endian
 * throughout:
 *
 * <pre>
 * frame      = magic 0x184D2204 | FLG | BD | [content size, 8] | [dict id, 4] | HC | block* | 0 (int32) | [checksum, 4]
 * FLG        = version 01 (bits 7-6) | block independence (5) | block checksum (4) | content size (3)
 *              | content checksum (2) | reserved 0 (1) | dict id (0)
 * BD         = block max size id 4-7 (bits 6-4: 64 KiB, 256 KiB, 1 MiB, 4 MiB), other bits 0
 * HC         = second byte of xxhash32(FLG .. end of descriptor, seed 0)
 * block      = int32 size (high bit set: stored uncompressed) | data | [xxhash32 of data, 4]
 * </pre>
 *
 * Several frames may follow each other; skippable frames (magic 0x184D2A5x) are skipped. Reading verifies the
 * header checksum, block checksums, content checksum and content size when present; it rejects dictionaries and
 * dependent (linked) blocks, which the block decompressor cannot resolve. Writing produces what Kafka clients write:
 * independent 64 KiB blocks, no checksums, no content size; level 9 (the default) uses the fast compressor, other
 * levels the high-compression one.
 */
final class Lz4FrameCodec implements Codec {

    static final Lz4FrameCodec INSTANCE = new Lz4FrameCodec();

    private static final int MAGIC = 0x184D2204;
    private static final int SKIPPABLE_MAGIC_MASK = 0xFFFFFFF0;
    private static final int SKIPPABLE_MAGIC = 0x184D2A50;
    private static final int FLG_VERSION = 0x40;
    private static final int FLG_BLOCK_INDEPENDENCE = 0x20;
    private static final int FLG_BLOCK_CHECKSUM = 0x10;
    private static final int FLG_CONTENT_SIZE = 0x08;
    private static final int FLG_CONTENT_CHECKSUM = 0x04;
    private static final int FLG_RESERVED = 0x02;
    private static final int FLG_DICT_ID = 0x01;
    private static final int BD_64KB = 4 << 4;
    private static final int BLOCK_SIZE = 64 * 1024;
    private static final int UNCOMPRESSED_FLAG = 0x80000000;

    private final LZ4SafeDecompressor decompressor;
    private final LZ4Compressor fastCompressor;
    private final XXHash32 xxhash;

    private Lz4FrameCodec() {
        LZ4Factory factory = LZ4Factory.fastestInstance();
        this.decompressor = factory.safeDecompressor();
        this.fastCompressor = factory.fastCompressor();
        this.xxhash = XXHashFactory.fastestInstance().hash32();
    }

    @Override
    public ByteBuf decompress(ByteBuf in, int maxBytes) {
        ByteBuffer src = in.nioBuffer().order(ByteOrder.LITTLE_ENDIAN);
        int end = src.limit();
        DecompressedBytes out = null;
        int pos = 0;
        do {
            need(pos, 4, end, "frame magic");
            int magic = src.getInt(pos);
            if ((magic & SKIPPABLE_MAGIC_MASK) == SKIPPABLE_MAGIC) {
                need(pos + 4, 4, end, "skippable frame size");
                int size = src.getInt(pos + 4);
                if (size < 0 || size > end - pos - 8) {
                    throw new CorruptRecordException("LZ4 skippable frame overruns the input");
                }
                pos += 8 + size;
                continue;
            }
            if (magic != MAGIC) {
                throw new CorruptRecordException("Not an LZ4 frame at byte " + pos);
            }
            int descriptor = pos + 4;
            need(descriptor, 3, end, "frame descriptor");
            int flg = src.get(descriptor) & 0xff;
            int bd = src.get(descriptor + 1) & 0xff;
            if ((flg & 0xC0) != FLG_VERSION || (flg & FLG_RESERVED) != 0 || (bd & 0x8F) != 0) {
                throw new CorruptRecordException("Unsupported LZ4 frame descriptor FLG=" + flg + " BD=" + bd);
            }
            int blockMax = 1 << (8 + 2 * ((bd >> 4) & 7));
            if (blockMax < BLOCK_SIZE) {
                throw new CorruptRecordException("Invalid LZ4 block size id in BD=" + bd);
            }
            int p = descriptor + 2;
            boolean hasContentSize = (flg & FLG_CONTENT_SIZE) != 0;
            long contentSize = 0;
            if (hasContentSize) {
                need(p, 8, end, "content size");
                contentSize = src.getLong(p);
                p += 8;
            }
            if ((flg & FLG_DICT_ID) != 0) {
                throw new CorruptRecordException("LZ4 frames with a dictionary are not supported");
            }
            need(p, 1, end, "header checksum");
            int headerChecksum = (xxhash.hash(src, descriptor, p - descriptor, 0) >> 8) & 0xff;
            if ((src.get(p) & 0xff) != headerChecksum) {
                throw new CorruptRecordException("LZ4 frame descriptor checksum mismatch");
            }
            p++;
            if ((flg & FLG_BLOCK_INDEPENDENCE) == 0) {
                throw new CorruptRecordException("LZ4 frames with dependent blocks are not supported");
            }
            if (hasContentSize && (contentSize > maxBytes || contentSize < 0)) {
                throw new DecompressedBytes(0, maxBytes).exceeded();
            }
            if (out == null) {
                // LZ4 cannot expand data by more than about 255 times, so a larger stated size is not trusted.
                long hint = hasContentSize ? Math.min(contentSize, end * 256L) : estimate(src, p, end, blockMax);
                out = new DecompressedBytes(hint, maxBytes);
            }
            int frameStart = out.size();
            boolean blockChecksums = (flg & FLG_BLOCK_CHECKSUM) != 0;
            while (true) {
                need(p, 4, end, "block size");
                int word = src.getInt(p);
                p += 4;
                if (word == 0) {
                    break;
                }
                boolean stored = (word & UNCOMPRESSED_FLAG) != 0;
                int size = word & ~UNCOMPRESSED_FLAG;
                if (size > blockMax) {
                    throw new CorruptRecordException("LZ4 block of " + size + " bytes exceeds the frame's maximum");
                }
                need(p, size + (blockChecksums ? 4 : 0), end, "block");
                if (blockChecksums && xxhash.hash(src, p, size, 0) != src.getInt(p + size)) {
                    throw new CorruptRecordException("LZ4 block checksum mismatch");
                }
                if (stored) {
                    out.checkFits(size);
                    out.ensureRoom(size);
                    src.get(p, out.array(), out.size(), size);
                    out.advance(size);
                } else {
                    int room = Math.min(out.ensureRoom(blockMax), blockMax);
                    int n;
                    try {
                        n = decompressor.decompress(src, p, size, ByteBuffer.wrap(out.array()), out.size(), room);
                    } catch (LZ4Exception e) {
                        if (room < blockMax) {
                            throw out.exceeded();
                        }
                        throw new CorruptRecordException("Invalid LZ4 block: " + e.getMessage(), e);
                    }
                    out.advance(n);
                }
                p += size + (blockChecksums ? 4 : 0);
            }
            int frameSize = out.size() - frameStart;
            if ((flg & FLG_CONTENT_CHECKSUM) != 0) {
                need(p, 4, end, "content checksum");
                if (xxhash.hash(out.array(), frameStart, frameSize, 0) != src.getInt(p)) {
                    throw new CorruptRecordException("LZ4 content checksum mismatch");
                }
                p += 4;
            }
            if (hasContentSize && contentSize != frameSize) {
                throw new CorruptRecordException(
                        "LZ4 frame states " + contentSize + " bytes of content but holds " + frameSize);
            }
            pos = p;
        } while (pos < end);
        return out == null ? new DecompressedBytes(0, maxBytes).toByteBuf() : out.toByteBuf();
    }

    /** An output size guess for a frame without a content size: every compressed block full, capped by the limit. */
    private static long estimate(ByteBuffer src, int p, int end, int blockMax) {
        long total = 0;
        for (int blocks = 0; p + 4 <= end && blocks < 1024; blocks++) {
            int word = src.getInt(p);
            if (word == 0) {
                break;
            }
            int size = word & ~UNCOMPRESSED_FLAG;
            total += (word & UNCOMPRESSED_FLAG) != 0 ? size : blockMax;
            if (size > end - p - 4) {
                break;
            }
            p += 4 + size;
        }
        return total;
    }

    private static void need(int p, int n, int end, String what) {
        if (n < 0 || end - p < n) {
            throw new CorruptRecordException("LZ4 frame is truncated in its " + what);
        }
    }

    @Override
    public void compress(ByteBuf in, ByteBuf out, int level) {
        LZ4Compressor compressor = level == Compression.LZ4_DEFAULT_LEVEL
                ? fastCompressor
                : LZ4Factory.fastestInstance().highCompressor(level);
        int flg = FLG_VERSION | FLG_BLOCK_INDEPENDENCE;
        out.writeIntLE(MAGIC).writeByte(flg).writeByte(BD_64KB);
        ByteBuffer descriptor = ByteBuffer.wrap(new byte[] {(byte) flg, (byte) BD_64KB});
        out.writeByte((xxhash.hash(descriptor, 0, 2, 0) >> 8) & 0xff);
        ByteBuffer src = in.nioBuffer();
        int length = src.remaining();
        for (int done = 0; done < length; done += BLOCK_SIZE) {
            int chunk = Math.min(BLOCK_SIZE, length - done);
            int bound = compressor.maxCompressedLength(chunk);
            out.ensureWritable(4 + bound);
            int at = out.writerIndex();
            ByteBuffer dst = out.nioBuffer(at + 4, bound);
            int n = compressor.compress(src, done, chunk, dst, 0, bound);
            if (n >= chunk) {
                out.writeIntLE(chunk | UNCOMPRESSED_FLAG);
                out.writeBytes(in, in.readerIndex() + done, chunk);
            } else {
                out.writeIntLE(n);
                out.writerIndex(at + 4 + n);
            }
        }
        out.writeIntLE(0);
    }
}
