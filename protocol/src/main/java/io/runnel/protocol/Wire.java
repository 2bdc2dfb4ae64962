package io.runnel.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.runnel.common.Uuid;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The wire encoding of the protocol's primitive values: varints (unsigned, and zig-zag signed for records),
 * length-prefixed strings and bytes, uuids and raw tagged fields. Used by the generated message classes and the
 * record format.
 *
 * <p>Every read checks a length against what the buffer holds before allocating, so a hostile length prefix
 * fails with a {@link MessageDecodeException} instead of an allocation. Stateless and thread-safe.
 */
public final class Wire {

    public static final byte[] EMPTY_BYTES = new byte[0];

    private Wire() {}

    // ---------------------------------------------------------------- varints

    public static int readUnsignedVarint(ByteBuf buf) {
        int value = 0;
        int shift = 0;
        while (true) {
            if (!buf.isReadable()) {
                throw new MessageDecodeException("truncated varint");
            }
            byte b = buf.readByte();
            if (shift == 28 && (b & 0xf0) != 0) {
                throw new MessageDecodeException("varint is longer than 5 bytes or overflows 32 bits");
            }
            value |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
            shift += 7;
        }
    }

    public static long readUnsignedVarlong(ByteBuf buf) {
        long value = 0;
        int shift = 0;
        while (true) {
            if (!buf.isReadable()) {
                throw new MessageDecodeException("truncated varlong");
            }
            byte b = buf.readByte();
            if (shift == 63 && (b & 0xfe) != 0) {
                throw new MessageDecodeException("varlong is longer than 10 bytes or overflows 64 bits");
            }
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
            shift += 7;
        }
    }

    /** A zig-zag encoded signed 32-bit varint, as records use for lengths and deltas. */
    public static int readVarint(ByteBuf buf) {
        int raw = readUnsignedVarint(buf);
        return (raw >>> 1) ^ -(raw & 1);
    }

    /** A zig-zag encoded signed 64-bit varint. */
    public static long readVarlong(ByteBuf buf) {
        long raw = readUnsignedVarlong(buf);
        return (raw >>> 1) ^ -(raw & 1);
    }

    public static void writeUnsignedVarint(ByteBuf buf, int value) {
        if ((value & (0xffffffff << 7)) == 0) {
            buf.writeByte(value);
        } else if ((value & (0xffffffff << 14)) == 0) {
            buf.writeShort(((value & 0x7f) | 0x80) << 8 | (value >>> 7));
        } else {
            while ((value & 0xffffff80) != 0) {
                buf.writeByte((value & 0x7f) | 0x80);
                value >>>= 7;
            }
            buf.writeByte(value);
        }
    }

    public static void writeUnsignedVarlong(ByteBuf buf, long value) {
        while ((value & 0xffffffffffffff80L) != 0L) {
            buf.writeByte(((int) value & 0x7f) | 0x80);
            value >>>= 7;
        }
        buf.writeByte((int) value);
    }

    public static void writeVarint(ByteBuf buf, int value) {
        writeUnsignedVarint(buf, (value << 1) ^ (value >> 31));
    }

    public static void writeVarlong(ByteBuf buf, long value) {
        writeUnsignedVarlong(buf, (value << 1) ^ (value >> 63));
    }

    public static int sizeOfUnsignedVarint(int value) {
        // One byte per 7 significant bits, at least one byte.
        int leadingZeros = Integer.numberOfLeadingZeros(value);
        return leadingZeros == 32 ? 1 : (38 - leadingZeros) / 7;
    }

    public static int sizeOfUnsignedVarlong(long value) {
        int leadingZeros = Long.numberOfLeadingZeros(value);
        return leadingZeros == 64 ? 1 : (70 - leadingZeros) / 7;
    }

    public static int sizeOfVarint(int value) {
        return sizeOfUnsignedVarint((value << 1) ^ (value >> 31));
    }

    public static int sizeOfVarlong(long value) {
        return sizeOfUnsignedVarlong((value << 1) ^ (value >> 63));
    }

    // ---------------------------------------------------------------- strings, bytes, uuids

    /** Reads {@code length} bytes of UTF-8 after the length prefix has been read. */
    public static String readString(ByteBuf buf, int length, String field) {
        if (length > Short.MAX_VALUE) {
            throw new MessageDecodeException("string field " + field + " had invalid length " + length);
        }
        checkLength(buf, length, field);
        String s = buf.toString(buf.readerIndex(), length, StandardCharsets.UTF_8);
        buf.skipBytes(length);
        return s;
    }

    /** Writes a string with its length prefix: an unsigned varint of length + 1 when compact, else an int16. */
    public static void writeString(ByteBuf buf, String s, boolean compact) {
        int length = ByteBufUtil.utf8Bytes(s);
        if (length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("string of " + length + " bytes is too long to be serialized");
        }
        if (compact) {
            writeUnsignedVarint(buf, length + 1);
        } else {
            buf.writeShort(length);
        }
        ByteBufUtil.reserveAndWriteUtf8(buf, s, length);
    }

    public static byte[] readBytes(ByteBuf buf, int length, String field) {
        checkLength(buf, length, field);
        byte[] bytes = new byte[length];
        buf.readBytes(bytes);
        return bytes;
    }

    public static byte[] readBytes(ByteBuf buf, int length) {
        return readBytes(buf, length, "bytes");
    }

    /** A slice of the next {@code length} bytes, sharing the buffer's memory; advances the reader index. */
    public static ByteBuf readSlice(ByteBuf buf, int length) {
        checkLength(buf, length, "slice");
        return buf.readSlice(length);
    }

    public static Uuid readUuid(ByteBuf buf) {
        return new Uuid(buf.readLong(), buf.readLong());
    }

    public static void writeUuid(ByteBuf buf, Uuid uuid) {
        buf.writeLong(uuid.getMostSignificantBits());
        buf.writeLong(uuid.getLeastSignificantBits());
    }

    // ---------------------------------------------------------------- checks

    /** Fails unless {@code length} bytes remain: never allocate for a length the input cannot back. */
    public static void checkLength(ByteBuf buf, int length, String field) {
        if (length < 0 || length > buf.readableBytes()) {
            throw new MessageDecodeException(
                    "field " + field + " claims " + length + " bytes but only " + buf.readableBytes() + " remain");
        }
    }

    /** Fails for a collection count larger than the remaining bytes, before any allocation. */
    public static void checkCount(ByteBuf buf, int count, String field) {
        if (count > buf.readableBytes()) {
            throw new MessageDecodeException("Tried to allocate a collection of size " + count + " for field " + field
                    + ", but there are only " + buf.readableBytes() + " bytes remaining.");
        }
    }

    public static void checkFullyRead(ByteBuf buf, String what) {
        if (buf.isReadable()) {
            throw new MessageDecodeException(what + " has " + buf.readableBytes() + " unread bytes");
        }
    }

    // ---------------------------------------------------------------- tagged fields

    public static void readUnknownTaggedField(ByteBuf buf, List<RawTaggedField> into, int tag, int size) {
        into.add(new RawTaggedField(tag, readBytes(buf, size, "tagged field " + tag)));
    }

    /**
     * Writes the unknown tagged fields from {@code index} on whose tags are below {@code nextTag}, so that they
     * interleave in tag order with the known ones; returns the index of the first one not written.
     */
    public static int writeRawTaggedFields(ByteBuf buf, List<RawTaggedField> fields, int index, int nextTag) {
        if (fields == null) {
            return index;
        }
        while (index < fields.size() && fields.get(index).tag() < nextTag) {
            RawTaggedField f = fields.get(index++);
            writeUnsignedVarint(buf, f.tag());
            writeUnsignedVarint(buf, f.size());
            buf.writeBytes(f.data());
        }
        return index;
    }

    /** Null and empty lists of unknown tagged fields are the same. */
    public static boolean taggedFieldsEqual(List<RawTaggedField> a, List<RawTaggedField> b) {
        boolean aEmpty = a == null || a.isEmpty();
        boolean bEmpty = b == null || b.isEmpty();
        if (aEmpty || bEmpty) {
            return aEmpty == bEmpty;
        }
        return a.equals(b);
    }
}
