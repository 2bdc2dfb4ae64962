package io.runnel.coordinator.record;

import io.runnel.common.Uuid;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link BinaryWriter} writes. Every length is checked against the bytes left before anything is
 * allocated, so hostile bytes fail with {@link RecordFormatException}. Not thread-safe.
 */
final class BinaryReader {

    private final ByteBuffer buf;

    BinaryReader(byte[] bytes) {
        this.buf = ByteBuffer.wrap(bytes);
    }

    byte readByte() {
        try {
            return buf.get();
        } catch (BufferUnderflowException e) {
            throw new RecordFormatException("record truncated");
        }
    }

    short readShort() {
        try {
            return buf.getShort();
        } catch (BufferUnderflowException e) {
            throw new RecordFormatException("record truncated");
        }
    }

    int readInt() {
        try {
            return buf.getInt();
        } catch (BufferUnderflowException e) {
            throw new RecordFormatException("record truncated");
        }
    }

    long readLong() {
        try {
            return buf.getLong();
        } catch (BufferUnderflowException e) {
            throw new RecordFormatException("record truncated");
        }
    }

    String readString() {
        byte[] bytes = readBytes();
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** A non-null string. */
    String readRequiredString(String field) {
        String s = readString();
        if (s == null) {
            throw new RecordFormatException(field + " must not be null");
        }
        return s;
    }

    byte[] readBytes() {
        int length = readInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > buf.remaining()) {
            throw new RecordFormatException("invalid length " + length + " with " + buf.remaining() + " bytes left");
        }
        byte[] bytes = new byte[length];
        buf.get(bytes);
        return bytes;
    }

    /** An array count, checked to be plausible given that each element needs at least {@code minElementBytes}. */
    int readCount(int minElementBytes) {
        int count = readInt();
        if (count < 0 || (long) count * Math.max(1, minElementBytes) > buf.remaining()) {
            throw new RecordFormatException(
                    "invalid array count " + count + " with " + buf.remaining() + " bytes left");
        }
        return count;
    }

    Uuid readUuid() {
        return new Uuid(readLong(), readLong());
    }

    void expectEnd() {
        if (buf.hasRemaining()) {
            throw new RecordFormatException(buf.remaining() + " unexpected trailing bytes");
        }
    }
}
