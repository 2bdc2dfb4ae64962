package io.runnel.coordinator.record;

import io.runnel.common.Uuid;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes the primitives of the record format, big-endian: int8/16/32/64, strings and byte arrays as an int32
 * length (-1 for null) followed by the bytes (UTF-8 for strings), uuids as two int64. Not thread-safe.
 */
final class BinaryWriter {

    private byte[] buf = new byte[64];
    private int pos;

    BinaryWriter writeByte(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
        return this;
    }

    BinaryWriter writeShort(int v) {
        ensure(2);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
        return this;
    }

    BinaryWriter writeInt(int v) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buf[pos++] = (byte) (v >>> shift);
        }
        return this;
    }

    BinaryWriter writeLong(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[pos++] = (byte) (v >>> shift);
        }
        return this;
    }

    BinaryWriter writeString(String s) {
        return writeBytes(s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    BinaryWriter writeBytes(byte[] bytes) {
        if (bytes == null) {
            return writeInt(-1);
        }
        writeInt(bytes.length);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
        return this;
    }

    BinaryWriter writeUuid(Uuid uuid) {
        writeLong(uuid.getMostSignificantBits());
        return writeLong(uuid.getLeastSignificantBits());
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }
}
