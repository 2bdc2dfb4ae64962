package io.runnel.protocol.record;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyError;

/**
 * Snappy in the framing of snappy-java's {@code SnappyOutputStream}, which is what Kafka clients write: a 16-byte
 * header (the magic {@code 82 'SNAPPY' 00}, then big-endian int32 version 1 and minimum compatible version 1), then
 * chunks of a big-endian int32 compressed length followed by one raw snappy block (each block states its own
 * uncompressed length in a varint preamble). A header may recur between chunks (concatenated streams). Input without
 * the magic is read as a single raw snappy block, as {@code SnappyInputStream} does. Writing produces 32 KiB chunks.
 *
 * <p>Every chunk length is checked against the input and every stated uncompressed length against the limit before
 * anything is allocated for it.
 */
final class SnappyCodec implements Codec {

    static final SnappyCodec INSTANCE = new SnappyCodec();

    private static final byte[] MAGIC = {(byte) 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};
    private static final int HEADER_SIZE = 16;
    private static final int VERSION = 1;
    private static final int MIN_COMPATIBLE_VERSION = 1;
    private static final int CHUNK_SIZE = 32 * 1024;

    private SnappyCodec() {}

    @Override
    public ByteBuf decompress(ByteBuf in, int maxBytes) {
        Codec.ArrayRegion src = Codec.arrayRegion(in);
        byte[] a = src.array();
        int pos = src.offset();
        int end = pos + src.length();
        try {
            if (!hasHeader(a, pos, end)) {
                DecompressedBytes out = new DecompressedBytes(0, maxBytes);
                decompressBlock(a, pos, end - pos, out);
                return out.toByteBuf();
            }
            // First pass: walk the chunk framing and add up the stated sizes, so the output is allocated once.
            long total = 0;
            for (int p = pos; p < end; ) {
                if (hasHeader(a, p, end)) {
                    p += HEADER_SIZE;
                    continue;
                }
                int chunk = chunkLength(a, p, end);
                total += statedLength(a, p + 4, chunk);
                if (total > maxBytes) {
                    throw new DecompressedBytes(0, maxBytes).exceeded();
                }
                p += 4 + chunk;
            }
            DecompressedBytes out = new DecompressedBytes(total, maxBytes);
            for (int p = pos; p < end; ) {
                if (hasHeader(a, p, end)) {
                    p += HEADER_SIZE;
                    continue;
                }
                int chunk = chunkLength(a, p, end);
                decompressBlock(a, p + 4, chunk, out);
                p += 4 + chunk;
            }
            return out.toByteBuf();
        } catch (IOException | SnappyError e) {
            throw new CorruptRecordException("Invalid snappy data: " + e.getMessage(), e);
        }
    }

    private static boolean hasHeader(byte[] a, int p, int end) {
        if (end - p < HEADER_SIZE) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (a[p + i] != MAGIC[i]) {
                return false;
            }
        }
        int compatibleVersion = readInt(a, p + 12);
        if (compatibleVersion > VERSION) {
            throw new CorruptRecordException("Unsupported snappy stream version " + compatibleVersion);
        }
        return true;
    }

    private static int chunkLength(byte[] a, int p, int end) {
        if (end - p < 4) {
            throw new CorruptRecordException("snappy stream ends inside a chunk length");
        }
        int chunk = readInt(a, p);
        if (chunk < 0 || chunk > end - p - 4) {
            throw new CorruptRecordException(
                    "snappy chunk claims " + chunk + " bytes but " + (end - p - 4) + " remain");
        }
        return chunk;
    }

    private static int statedLength(byte[] a, int offset, int length) throws IOException {
        int stated = Snappy.uncompressedLength(a, offset, length);
        if (stated < 0) {
            throw new CorruptRecordException("snappy block states a negative length");
        }
        return stated;
    }

    private static void decompressBlock(byte[] a, int offset, int length, DecompressedBytes out) throws IOException {
        int stated = statedLength(a, offset, length);
        out.checkFits(stated);
        out.ensureRoom(stated);
        int n = Snappy.uncompress(a, offset, length, out.array(), out.size());
        if (n != stated) {
            throw new CorruptRecordException("snappy block decompressed to " + n + " bytes, not " + stated);
        }
        out.advance(n);
    }

    private static int readInt(byte[] a, int p) {
        return (a[p] & 0xff) << 24 | (a[p + 1] & 0xff) << 16 | (a[p + 2] & 0xff) << 8 | (a[p + 3] & 0xff);
    }

    @Override
    public void compress(ByteBuf in, ByteBuf out, int level) {
        Codec.ArrayRegion src = Codec.arrayRegion(in);
        out.writeBytes(MAGIC).writeInt(VERSION).writeInt(MIN_COMPATIBLE_VERSION);
        byte[] scratch = out.hasArray() ? null : new byte[Snappy.maxCompressedLength(CHUNK_SIZE)];
        try {
            for (int done = 0; done < src.length(); ) {
                int chunk = Math.min(CHUNK_SIZE, src.length() - done);
                int bound = Snappy.maxCompressedLength(chunk);
                out.ensureWritable(4 + bound);
                int n;
                if (scratch == null) {
                    int at = out.arrayOffset() + out.writerIndex() + 4;
                    n = Snappy.compress(src.array(), src.offset() + done, chunk, out.array(), at);
                    out.writeInt(n);
                    out.writerIndex(out.writerIndex() + n);
                } else {
                    n = Snappy.compress(src.array(), src.offset() + done, chunk, scratch, 0);
                    out.writeInt(n).writeBytes(scratch, 0, n);
                }
                done += chunk;
            }
        } catch (IOException e) {
            throw new IllegalStateException("snappy failed to compress", e);
        }
    }
}
