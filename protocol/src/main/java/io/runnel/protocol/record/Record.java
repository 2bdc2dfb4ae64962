package io.runnel.protocol.record;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One record of a v2 batch, as a view over the batch's (decompressed) records section. On the wire, after a zig-zag
 * varint length of the rest:
 *
 * <pre>
 * attributes      int8      unused, 0
 * timestampDelta  varlong   from the batch's base timestamp
 * offsetDelta     varint    from the batch's base offset
 * keyLength       varint    -1 for a null key
 * key             bytes
 * valueLength     varint    -1 for a null value
 * value           bytes
 * headerCount     varint
 * headers         headerKeyLength varint, headerKey UTF-8, headerValueLength varint (-1 null), headerValue
 * </pre>
 *
 * The absolute offset, timestamp (the batch's max timestamp under LOG_APPEND_TIME) and sequence are resolved from
 * the batch header when the record is read. The record was fully validated then: every length fits inside the
 * record and the fields end exactly where the length says.
 *
 * <p>Immutable. {@link #key()} and {@link #value()} return new slices that share memory with the batch (for an
 * uncompressed batch, the request or log buffer itself), valid as long as that memory is; {@link #keyBytes()} and
 * {@link #valueBytes()} copy. {@link #headers()} decodes the headers on each call. Safe to share between threads once
 * published, as long as nobody writes the underlying bytes.
 */
public final class Record {

    private final ByteBuf data;
    private final ByteBuffer view;
    private final long offset;
    private final long timestamp;
    private final int sequence;
    private final byte attributes;
    private final int start;
    private final int end;
    private final int keyPosition;
    private final int keySize;
    private final int valuePosition;
    private final int valueSize;
    private final int headersPosition;
    private final int headerCount;

    Record(
            ByteBuf data,
            ByteBuffer view,
            long offset,
            long timestamp,
            int sequence,
            byte attributes,
            int start,
            int end,
            int keyPosition,
            int keySize,
            int valuePosition,
            int valueSize,
            int headersPosition,
            int headerCount) {
        this.data = data;
        this.view = view;
        this.offset = offset;
        this.timestamp = timestamp;
        this.sequence = sequence;
        this.attributes = attributes;
        this.start = start;
        this.end = end;
        this.keyPosition = keyPosition;
        this.keySize = keySize;
        this.valuePosition = valuePosition;
        this.valueSize = valueSize;
        this.headersPosition = headersPosition;
        this.headerCount = headerCount;
    }

    public long offset() {
        return offset;
    }

    public long timestamp() {
        return timestamp;
    }

    /** The producer sequence of this record, or {@link RecordBatch#NO_SEQUENCE} when the batch has none. */
    public int sequence() {
        return sequence;
    }

    /** The record-level attributes byte; unused by the format and 0 when written by Kafka clients. */
    public byte attributes() {
        return attributes;
    }

    /** The encoded size of this record, including its length prefix. */
    public int sizeInBytes() {
        return end - start;
    }

    public boolean hasKey() {
        return keySize >= 0;
    }

    /** The key's size in bytes, or -1 for a null key. */
    public int keySize() {
        return keySize;
    }

    /** The key as a new slice sharing the batch's memory, or null. */
    public ByteBuf key() {
        return keySize < 0 ? null : data.slice(keyPosition, keySize);
    }

    /** A copy of the key, or null. */
    public byte[] keyBytes() {
        return copy(keyPosition, keySize);
    }

    public boolean hasValue() {
        return valueSize >= 0;
    }

    /** The value's size in bytes, or -1 for a null value (a tombstone in a compacted topic). */
    public int valueSize() {
        return valueSize;
    }

    /** The value as a new slice sharing the batch's memory, or null. */
    public ByteBuf value() {
        return valueSize < 0 ? null : data.slice(valuePosition, valueSize);
    }

    /** A copy of the value, or null. */
    public byte[] valueBytes() {
        return copy(valuePosition, valueSize);
    }

    public int headerCount() {
        return headerCount;
    }

    /** The headers, decoded anew on each call (keys as strings, values copied). */
    public List<Header> headers() {
        if (headerCount == 0) {
            return List.of();
        }
        RecordReader reader = new RecordReader(view, headersPosition);
        reader.readVarint(end);
        Header[] headers = new Header[headerCount];
        for (int i = 0; i < headerCount; i++) {
            int keyLength = reader.readVarint(end);
            String key = data.toString(reader.position(), keyLength, StandardCharsets.UTF_8);
            reader.skip(keyLength, end);
            int valueLength = reader.readVarint(end);
            byte[] value = copy(reader.position(), valueLength);
            if (valueLength > 0) {
                reader.skip(valueLength, end);
            }
            headers[i] = new Header(key, value);
        }
        return headerCount == 1 ? List.of(headers[0]) : Arrays.asList(headers);
    }

    /** The encoded headers (count, then each header), copied verbatim when a batch is rewritten. */
    ByteBuf encodedHeaders() {
        return data.slice(headersPosition, end - headersPosition);
    }

    private byte[] copy(int position, int size) {
        if (size < 0) {
            return null;
        }
        byte[] bytes = new byte[size];
        data.getBytes(position, bytes);
        return bytes;
    }

    @Override
    public String toString() {
        return "Record(offset=" + offset + ", timestamp=" + timestamp + ", key=" + keySize + " bytes, value="
                + valueSize + " bytes, headers=" + headerCount + ")";
    }
}
