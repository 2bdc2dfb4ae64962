package io.runnel.protocol.record;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * A view of one record batch in the v2 format (magic 2) over a buffer, without copying. The layout, big-endian:
 *
 * <pre>
 * offset  size  field
 *      0     8  baseOffset
 *      8     4  batchLength            bytes after this field
 *     12     4  partitionLeaderEpoch
 *     16     1  magic                  2
 *     17     4  crc                    CRC-32C of everything from attributes to the end
 *     21     2  attributes             bits 0-2 compression, 3 timestamp type, 4 transactional, 5 control,
 *                                       6 delete horizon set
 *     23     4  lastOffsetDelta
 *     27     8  baseTimestamp          (the delete horizon when bit 6 is set)
 *     35     8  maxTimestamp
 *     43     8  producerId
 *     51     2  producerEpoch
 *     53     4  baseSequence
 *     57     4  recordsCount
 *     61        records (compressed as a whole when compression is set)
 * </pre>
 *
 * The view covers {@code buffer}'s bytes from its reader index; header accessors read absolute positions and
 * never move indexes. Setters rewrite header fields in place (offset assignment, leader epoch), and {@link
 * #setMaxTimestamp} recomputes the CRC because it changes checksummed bytes.
 *
 * <p>Iterating yields the batch's {@link Record}s (see {@link RecordIterator} for what is validated on the way);
 * a compressed batch is decompressed into at most {@link #DEFAULT_MAX_DECOMPRESSED_BYTES} unless {@link
 * #iterator(int)} gives another limit.
 *
 * <p>Not thread-safe; a view must not be shared while the bytes are being written.
 */
public final class RecordBatch implements Iterable<Record> {

    public static final byte MAGIC_V2 = 2;

    public static final int BASE_OFFSET_OFFSET = 0;
    public static final int LENGTH_OFFSET = 8;
    public static final int PARTITION_LEADER_EPOCH_OFFSET = 12;
    public static final int MAGIC_OFFSET = 16;
    public static final int CRC_OFFSET = 17;
    public static final int ATTRIBUTES_OFFSET = 21;
    public static final int LAST_OFFSET_DELTA_OFFSET = 23;
    public static final int BASE_TIMESTAMP_OFFSET = 27;
    public static final int MAX_TIMESTAMP_OFFSET = 35;
    public static final int PRODUCER_ID_OFFSET = 43;
    public static final int PRODUCER_EPOCH_OFFSET = 51;
    public static final int BASE_SEQUENCE_OFFSET = 53;
    public static final int RECORDS_COUNT_OFFSET = 57;
    /** The size of the batch header; records start here. */
    public static final int RECORD_BATCH_OVERHEAD = 61;
    /** The size of the base offset and length fields that precede every batch. */
    public static final int LOG_OVERHEAD = 12;

    public static final long NO_PRODUCER_ID = -1L;
    public static final short NO_PRODUCER_EPOCH = -1;
    public static final int NO_SEQUENCE = -1;
    public static final int NO_PARTITION_LEADER_EPOCH = -1;
    public static final long NO_TIMESTAMP = -1L;

    /**
     * The most bytes a compressed batch may decompress to by default: far above what producers send (a batch is at
     * most {@code message.max.bytes} compressed), far below what would hurt a broker.
     */
    public static final int DEFAULT_MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;

    private static final int COMPRESSION_CODEC_MASK = 0x07;
    private static final int TIMESTAMP_TYPE_MASK = 0x08;
    private static final int TRANSACTIONAL_FLAG_MASK = 0x10;
    private static final int CONTROL_FLAG_MASK = 0x20;
    private static final int DELETE_HORIZON_FLAG_MASK = 0x40;

    private final ByteBuf buffer;
    private final int start;

    /** A view of the batch that starts at {@code buffer.readerIndex()}. */
    public RecordBatch(ByteBuf buffer) {
        this.buffer = buffer;
        this.start = buffer.readerIndex();
    }

    /** The bytes of this batch (header and records), as an independent slice. */
    public ByteBuf buffer() {
        return buffer.slice(start, sizeInBytes());
    }

    public long baseOffset() {
        return buffer.getLong(start + BASE_OFFSET_OFFSET);
    }

    public int batchLength() {
        return buffer.getInt(start + LENGTH_OFFSET);
    }

    /** The whole batch's size: the length field plus the 12 bytes of offset and length before it. */
    public int sizeInBytes() {
        return LOG_OVERHEAD + batchLength();
    }

    public int partitionLeaderEpoch() {
        return buffer.getInt(start + PARTITION_LEADER_EPOCH_OFFSET);
    }

    public byte magic() {
        return buffer.getByte(start + MAGIC_OFFSET);
    }

    /** The stored CRC, as an unsigned 32-bit value. */
    public long checksum() {
        return buffer.getUnsignedInt(start + CRC_OFFSET);
    }

    public short attributes() {
        return buffer.getShort(start + ATTRIBUTES_OFFSET);
    }

    public CompressionType compressionType() {
        return CompressionType.forId(attributes() & COMPRESSION_CODEC_MASK);
    }

    public TimestampType timestampType() {
        return (attributes() & TIMESTAMP_TYPE_MASK) == 0 ? TimestampType.CREATE_TIME : TimestampType.LOG_APPEND_TIME;
    }

    public boolean isTransactional() {
        return (attributes() & TRANSACTIONAL_FLAG_MASK) != 0;
    }

    public boolean isControlBatch() {
        return (attributes() & CONTROL_FLAG_MASK) != 0;
    }

    public boolean hasDeleteHorizonMs() {
        return (attributes() & DELETE_HORIZON_FLAG_MASK) != 0;
    }

    public int lastOffsetDelta() {
        return buffer.getInt(start + LAST_OFFSET_DELTA_OFFSET);
    }

    public long lastOffset() {
        return baseOffset() + lastOffsetDelta();
    }

    /** The offset after this batch's last offset. */
    public long nextOffset() {
        return lastOffset() + 1;
    }

    public long baseTimestamp() {
        return buffer.getLong(start + BASE_TIMESTAMP_OFFSET);
    }

    public long maxTimestamp() {
        return buffer.getLong(start + MAX_TIMESTAMP_OFFSET);
    }

    /** The delete horizon of a compacted batch with tombstones, or {@link #NO_TIMESTAMP}. */
    public long deleteHorizonMs() {
        return hasDeleteHorizonMs() ? baseTimestamp() : NO_TIMESTAMP;
    }

    public long producerId() {
        return buffer.getLong(start + PRODUCER_ID_OFFSET);
    }

    public short producerEpoch() {
        return buffer.getShort(start + PRODUCER_EPOCH_OFFSET);
    }

    public boolean hasProducerId() {
        return producerId() > NO_PRODUCER_ID;
    }

    public int baseSequence() {
        return buffer.getInt(start + BASE_SEQUENCE_OFFSET);
    }

    /** The sequence of the last record, wrapping at {@code Integer.MAX_VALUE} as producers do. */
    public int lastSequence() {
        int base = baseSequence();
        if (base == NO_SEQUENCE) {
            return NO_SEQUENCE;
        }
        return sequenceAfter(base, lastOffsetDelta());
    }

    /** {@code base + delta}, wrapping past {@code Integer.MAX_VALUE} to 0 as producer sequences do. */
    static int sequenceAfter(int base, int delta) {
        long sequence = (long) base + delta;
        return sequence > Integer.MAX_VALUE ? (int) (sequence - Integer.MAX_VALUE - 1) : (int) sequence;
    }

    public int recordsCount() {
        return buffer.getInt(start + RECORDS_COUNT_OFFSET);
    }

    /** Computes the CRC-32C of the checksummed part (attributes to the end). */
    public long computeChecksum() {
        CRC32C crc = new CRC32C();
        int from = start + ATTRIBUTES_OFFSET;
        int length = sizeInBytes() - ATTRIBUTES_OFFSET;
        if (buffer.nioBufferCount() == 1) {
            crc.update(buffer.nioBuffer(from, length));
        } else {
            for (ByteBuffer part : buffer.nioBuffers(from, length)) {
                crc.update(part);
            }
        }
        return crc.getValue();
    }

    public boolean isValid() {
        try {
            ensureValid();
            return true;
        } catch (CorruptRecordException e) {
            return false;
        }
    }

    /**
     * Checks the framing and the checksum: enough bytes for the header and the stated length, magic 2, a record
     * count consistent with the offset delta, and a matching CRC.
     *
     * @throws CorruptRecordException naming what is wrong
     */
    public void ensureValid() {
        checkFraming();
        int count = recordsCount();
        if (count < 0 || (count > 0 && lastOffsetDelta() < count - 1) || lastOffsetDelta() < 0) {
            throw new CorruptRecordException(
                    "Record batch has " + count + " records but last offset delta " + lastOffsetDelta());
        }
        long stored = checksum();
        long computed = computeChecksum();
        if (stored != computed) {
            throw new CorruptRecordException(
                    "Record batch is corrupt (stored crc = " + stored + ", computed crc = " + computed + ")");
        }
    }

    /** Checks that the header and the stated length are present and the magic is 2. */
    void checkFraming() {
        int available = buffer.writerIndex() - start;
        if (available < RECORD_BATCH_OVERHEAD) {
            throw new CorruptRecordException("Record batch is only " + available + " bytes, smaller than the "
                    + RECORD_BATCH_OVERHEAD + "-byte header");
        }
        int length = batchLength();
        if (length < RECORD_BATCH_OVERHEAD - LOG_OVERHEAD) {
            throw new CorruptRecordException("Record batch length " + length + " is smaller than the minimum "
                    + (RECORD_BATCH_OVERHEAD - LOG_OVERHEAD));
        }
        if (LOG_OVERHEAD + (long) length > available) {
            throw new CorruptRecordException("Record batch claims " + (LOG_OVERHEAD + (long) length)
                    + " bytes but only " + available + " are present");
        }
        if (magic() != MAGIC_V2) {
            throw new CorruptRecordException("Record batch has magic " + magic() + "; only magic 2 is supported");
        }
    }

    /** The records section (compressed as a whole when compression is set), as a slice. Framing must be valid. */
    ByteBuf recordsSection() {
        return buffer.slice(start + RECORD_BATCH_OVERHEAD, sizeInBytes() - RECORD_BATCH_OVERHEAD);
    }

    /** The records, decompressing into at most {@link #DEFAULT_MAX_DECOMPRESSED_BYTES}. */
    @Override
    public RecordIterator iterator() {
        return new RecordIterator(this, DEFAULT_MAX_DECOMPRESSED_BYTES);
    }

    /**
     * The records, decompressing into at most {@code maxDecompressedBytes}.
     *
     * @throws CorruptRecordException if the framing is invalid or the records section does not decompress within the
     *     limit; later, from {@code next()}, for a malformed record
     */
    public RecordIterator iterator(int maxDecompressedBytes) {
        if (maxDecompressedBytes < 0) {
            throw new IllegalArgumentException("negative decompression limit " + maxDecompressedBytes);
        }
        return new RecordIterator(this, maxDecompressedBytes);
    }

    // ---------------------------------------------------------------- in-place updates (not checksummed fields)

    public void setBaseOffset(long offset) {
        buffer.setLong(start + BASE_OFFSET_OFFSET, offset);
    }

    public void setPartitionLeaderEpoch(int epoch) {
        buffer.setInt(start + PARTITION_LEADER_EPOCH_OFFSET, epoch);
    }

    /**
     * Sets the max timestamp and the timestamp type (LOG_APPEND_TIME when the broker overrides it) and rewrites the
     * CRC, since both are checksummed.
     */
    public void setMaxTimestamp(TimestampType type, long maxTimestamp) {
        short attrs = attributes();
        short newAttrs = (short)
                (type == TimestampType.LOG_APPEND_TIME ? attrs | TIMESTAMP_TYPE_MASK : attrs & ~TIMESTAMP_TYPE_MASK);
        if (newAttrs == attrs && maxTimestamp() == maxTimestamp) {
            return;
        }
        buffer.setShort(start + ATTRIBUTES_OFFSET, newAttrs);
        buffer.setLong(start + MAX_TIMESTAMP_OFFSET, maxTimestamp);
        buffer.setInt(start + CRC_OFFSET, (int) computeChecksum());
    }

    /** Computes attributes from their parts. */
    public static short attributes(
            CompressionType compression,
            TimestampType timestampType,
            boolean transactional,
            boolean control,
            boolean hasDeleteHorizon) {
        int a = compression.id & COMPRESSION_CODEC_MASK;
        if (timestampType == TimestampType.LOG_APPEND_TIME) {
            a |= TIMESTAMP_TYPE_MASK;
        }
        if (transactional) {
            a |= TRANSACTIONAL_FLAG_MASK;
        }
        if (control) {
            a |= CONTROL_FLAG_MASK;
        }
        if (hasDeleteHorizon) {
            a |= DELETE_HORIZON_FLAG_MASK;
        }
        return (short) a;
    }

    @Override
    public String toString() {
        return "RecordBatch(baseOffset=" + baseOffset() + ", lastOffset=" + lastOffset() + ", size=" + sizeInBytes()
                + ", magic=" + magic() + ", compression=" + compressionType() + ", count=" + recordsCount()
                + ", producerId=" + producerId() + ", producerEpoch=" + producerEpoch() + ", baseSequence="
                + baseSequence() + ", transactional=" + isTransactional() + ", control=" + isControlBatch() + ")";
    }
}
