package io.runnel.protocol.record;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * GZIP (RFC 1952) with the JDK's zlib: one or more members, each a header (magic {@code 1f 8b}, method 8, flags,
 * mtime, xfl, os, then the optional extra, name, comment and header CRC the flags announce), raw deflate data, and a
 * trailer of the CRC-32 and the size mod 2^32 of the member's output, both little-endian. Reading checks both. Nothing
 * may follow the last member. Writing produces a single member with no optional fields.
 */
final class GzipCodec implements Codec {

    static final GzipCodec INSTANCE = new GzipCodec();

    private static final int HEADER_SIZE = 10;
    private static final int TRAILER_SIZE = 8;
    /** Deflate cannot expand data by more than about this factor, so a larger size hint is a lie. */
    private static final long MAX_DEFLATE_RATIO = 1032;

    private static final int FHCRC = 0x02;
    private static final int FEXTRA = 0x04;
    private static final int FNAME = 0x08;
    private static final int FCOMMENT = 0x10;

    private GzipCodec() {}

    @Override
    public ByteBuf decompress(ByteBuf in, int maxBytes) {
        ByteBuffer src = in.nioBuffer();
        int end = src.limit();
        if (end < HEADER_SIZE + TRAILER_SIZE) {
            throw new CorruptRecordException("gzip stream of " + end + " bytes is too short");
        }
        // The last member's trailer states its size: a hint, bounded by what deflate could expand the input to.
        long statedSize = Integer.toUnsignedLong(Integer.reverseBytes(src.getInt(end - 4)));
        DecompressedBytes out = new DecompressedBytes(Math.min(statedSize, end * MAX_DEFLATE_RATIO), maxBytes);
        Inflater inflater = new Inflater(true);
        CRC32 crc = new CRC32();
        try {
            int pos = 0;
            while (pos < end) {
                pos = skipHeader(src, pos, end);
                inflater.reset();
                src.limit(end).position(pos);
                inflater.setInput(src);
                int memberStart = out.size();
                while (!inflater.finished()) {
                    int room = out.ensureRoom(16 * 1024);
                    if (room == 0) {
                        throw out.exceeded();
                    }
                    int n = inflater.inflate(out.array(), out.size(), room);
                    if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                        throw new CorruptRecordException("gzip stream is truncated or needs a preset dictionary");
                    }
                    out.advance(n);
                }
                pos = end - inflater.getRemaining();
                if (end - pos < TRAILER_SIZE) {
                    throw new CorruptRecordException("gzip member has no trailer");
                }
                int memberSize = out.size() - memberStart;
                crc.reset();
                crc.update(out.array(), memberStart, memberSize);
                int storedCrc = Integer.reverseBytes(src.getInt(pos));
                int storedSize = Integer.reverseBytes(src.getInt(pos + 4));
                if (storedCrc != (int) crc.getValue() || storedSize != memberSize) {
                    throw new CorruptRecordException("gzip member fails its CRC-32 or size check");
                }
                pos += TRAILER_SIZE;
            }
            return out.toByteBuf();
        } catch (DataFormatException e) {
            throw new CorruptRecordException("Invalid gzip data: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    /** Returns the position of the deflate data after the member header at {@code pos}. */
    private static int skipHeader(ByteBuffer src, int pos, int end) {
        if (end - pos < HEADER_SIZE
                || (src.get(pos) & 0xff) != 0x1f
                || (src.get(pos + 1) & 0xff) != 0x8b
                || src.get(pos + 2) != 8) {
            throw new CorruptRecordException("Not a gzip member header at byte " + pos);
        }
        int flags = src.get(pos + 3) & 0xff;
        int p = pos + HEADER_SIZE;
        if ((flags & FEXTRA) != 0) {
            need(p, 2, end);
            int extraLength = (src.get(p) & 0xff) | (src.get(p + 1) & 0xff) << 8;
            p += 2;
            need(p, extraLength, end);
            p += extraLength;
        }
        if ((flags & FNAME) != 0) {
            p = skipZeroTerminated(src, p, end);
        }
        if ((flags & FCOMMENT) != 0) {
            p = skipZeroTerminated(src, p, end);
        }
        if ((flags & FHCRC) != 0) {
            need(p, 2, end);
            p += 2;
        }
        return p;
    }

    private static int skipZeroTerminated(ByteBuffer src, int p, int end) {
        while (p < end) {
            if (src.get(p++) == 0) {
                return p;
            }
        }
        throw new CorruptRecordException("gzip header field is not terminated");
    }

    private static void need(int p, int n, int end) {
        if (end - p < n) {
            throw new CorruptRecordException("gzip header is truncated");
        }
    }

    @Override
    public void compress(ByteBuf in, ByteBuf out, int level) {
        int length = in.readableBytes();
        out.writeShort(0x1f8b)
                .writeByte(8)
                .writeByte(0)
                .writeInt(0)
                .writeByte(0)
                .writeByte(0xff);
        Deflater deflater = new Deflater(level, true);
        try {
            deflater.setInput(in.nioBuffer());
            deflater.finish();
            out.ensureWritable(length + (length >>> 8) + 64);
            while (!deflater.finished()) {
                if (!out.isWritable()) {
                    out.ensureWritable(8 * 1024);
                }
                ByteBuffer dst = out.nioBuffer(out.writerIndex(), out.writableBytes());
                int n = deflater.deflate(dst);
                out.writerIndex(out.writerIndex() + n);
            }
        } finally {
            deflater.end();
        }
        CRC32 crc = new CRC32();
        crc.update(in.nioBuffer());
        out.writeIntLE((int) crc.getValue());
        out.writeIntLE(length);
    }
}
