package io.runnel.protocol.record;

import java.nio.ByteBuffer;

/**
 * A cursor over the records section of a batch (uncompressed or decompressed) that decodes the record format's
 * zig-zag varints. Every read is bounded by an end position the caller gives, normally the end of the current record,
 * and fails with {@link CorruptRecordException} rather than reading past it.
 *
 * <p>Reads use absolute positions of a {@link ByteBuffer} view, so several readers may share one view. The common
 * one-byte varint is decoded inline and failures are built out of line, which keeps these methods small enough for
 * the JIT to inline into the record loop. Not thread-safe itself.
 */
final class RecordReader {

    private final ByteBuffer data;
    private int position;

    RecordReader(ByteBuffer data, int position) {
        this.data = data;
        this.position = position;
    }

    int position() {
        return position;
    }

    void skip(int n, int end) {
        if (n < 0 || n > end - position) {
            throw overrun(n, end - position);
        }
        position += n;
    }

    byte readByte(int end) {
        int p = position;
        if (p >= end) {
            throw truncated();
        }
        position = p + 1;
        return data.get(p);
    }

    /** A zig-zag encoded signed varint of at most 5 bytes. */
    int readVarint(int end) {
        int p = position;
        if (p < end) {
            byte b = data.get(p);
            if (b >= 0) {
                position = p + 1;
                return (b >>> 1) ^ -(b & 1);
            }
        }
        return readVarintSlow(end);
    }

    private int readVarintSlow(int end) {
        int raw = 0;
        for (int shift = 0; ; shift += 7) {
            if (position >= end) {
                throw truncated();
            }
            byte b = data.get(position++);
            if (shift == 28 && (b & 0xf0) != 0) {
                throw new CorruptRecordException("Record varint is longer than 5 bytes or overflows 32 bits");
            }
            raw |= (b & 0x7f) << shift;
            if (b >= 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
    }

    /** A zig-zag encoded signed varlong of at most 10 bytes. */
    long readVarlong(int end) {
        int p = position;
        if (p < end) {
            byte b = data.get(p);
            if (b >= 0) {
                position = p + 1;
                return (b >>> 1) ^ -(b & 1);
            }
        }
        return readVarlongSlow(end);
    }

    private long readVarlongSlow(int end) {
        long raw = 0;
        for (int shift = 0; ; shift += 7) {
            if (position >= end) {
                throw truncated();
            }
            byte b = data.get(position++);
            if (shift == 63 && (b & 0xfe) != 0) {
                throw new CorruptRecordException("Record varlong is longer than 10 bytes or overflows 64 bits");
            }
            raw |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
    }

    private static CorruptRecordException overrun(int n, int remaining) {
        return new CorruptRecordException(
                "Record field claims " + n + " bytes but only " + remaining + " remain in the record");
    }

    private static CorruptRecordException truncated() {
        return new CorruptRecordException("Record is truncated: a field runs past the end of the record");
    }
}
