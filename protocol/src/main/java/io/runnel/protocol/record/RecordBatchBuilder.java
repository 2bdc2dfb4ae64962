package io.runnel.protocol.record;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.runnel.protocol.Wire;
import java.util.Arrays;
import java.util.List;

/**
 * Builds one record batch in the v2 format (layout in {@link RecordBatch}, records in {@link Record}).
 *
 * <p>Configure first (producer state, flags, leader epoch, log append time, delete horizon), then append records in
 * increasing offset order, then {@link #build()} once. The header follows what Kafka's producer and broker write:
 * the base timestamp is the first record's timestamp (or the delete horizon when one is set, with attribute bit 6),
 * the max timestamp is the largest record timestamp (or the log append time under LOG_APPEND_TIME), the last offset
 * delta is that of the last record (or of {@link #retainLastOffset}), and the CRC-32C covers attributes to the end.
 * A batch with no records (only possible with a retained last offset, as compaction leaves them) is a bare header
 * with compression NONE, no delete horizon, no base timestamp and the retained max timestamp.
 *
 * <p>Records are encoded as they are appended, into the output buffer directly when uncompressed and into a scratch
 * buffer that is compressed as a whole at {@link #build()} otherwise.
 *
 * <p>{@link #rewriteOf(RecordBatch)} starts a builder that reproduces a batch's header, for filtering its records into
 * a new batch ("keep only these records, same compression"): append the records to keep with {@link #append(Record)},
 * which copies their key, value and encoded headers verbatim and keeps their offsets and timestamps.
 *
 * <p>Not thread-safe.
 */
public final class RecordBatchBuilder {

    private final Compression compression;
    private final long baseOffset;
    private final ByteBuf out;
    private final ByteBuf records;

    private TimestampType timestampType = TimestampType.CREATE_TIME;
    private long logAppendTime = RecordBatch.NO_TIMESTAMP;
    private long producerId = RecordBatch.NO_PRODUCER_ID;
    private short producerEpoch = RecordBatch.NO_PRODUCER_EPOCH;
    private int baseSequence = RecordBatch.NO_SEQUENCE;
    private boolean transactional;
    private boolean control;
    private int partitionLeaderEpoch = RecordBatch.NO_PARTITION_LEADER_EPOCH;
    private long deleteHorizonMs = RecordBatch.NO_TIMESTAMP;
    private long retainedLastOffset = -1;
    private long retainedMaxTimestamp = RecordBatch.NO_TIMESTAMP;

    private int count;
    private long lastOffset = -1;
    private long baseTimestamp;
    private long maxTimestamp = RecordBatch.NO_TIMESTAMP;
    private boolean built;

    /** A builder for a batch starting at {@code baseOffset}, growing its buffers as needed. */
    public RecordBatchBuilder(Compression compression, long baseOffset) {
        this(compression, baseOffset, 1024);
    }

    /**
     * @param initialCapacity the bytes to reserve up front for the (uncompressed) records; a good guess avoids copies
     */
    public RecordBatchBuilder(Compression compression, long baseOffset, int initialCapacity) {
        if (baseOffset < 0) {
            throw new IllegalArgumentException("base offset must not be negative: " + baseOffset);
        }
        this.compression = compression;
        this.baseOffset = baseOffset;
        int capacity = Math.max(initialCapacity, 0) + RecordBatch.RECORD_BATCH_OVERHEAD;
        if (compression.type() == CompressionType.NONE) {
            this.out = Unpooled.buffer(capacity);
            this.records = out;
        } else {
            this.out = Unpooled.buffer(capacity / 2 + RecordBatch.RECORD_BATCH_OVERHEAD);
            this.records = Unpooled.buffer(capacity);
        }
        out.writeZero(RecordBatch.RECORD_BATCH_OVERHEAD);
    }

    /**
     * A builder that reproduces {@code source}'s header: base offset, compression type (at its default level),
     * timestamp type and log append time, producer id, epoch and base sequence, transactional and control flags,
     * partition leader epoch, delete horizon, and its last offset and max timestamp as retained values, so that a
     * filtered batch keeps the producer's last sequence and an emptied one keeps its place.
     */
    public static RecordBatchBuilder rewriteOf(RecordBatch source) {
        return rewriteOf(source, Compression.of(source.compressionType()));
    }

    /** As {@link #rewriteOf(RecordBatch)}, compressing with {@code compression}. */
    public static RecordBatchBuilder rewriteOf(RecordBatch source, Compression compression) {
        RecordBatchBuilder builder = new RecordBatchBuilder(compression, source.baseOffset(), source.sizeInBytes());
        if (source.timestampType() == TimestampType.LOG_APPEND_TIME) {
            builder.logAppendTime(source.maxTimestamp());
        }
        builder.producer(source.producerId(), source.producerEpoch(), source.baseSequence())
                .transactional(source.isTransactional())
                .control(source.isControlBatch())
                .partitionLeaderEpoch(source.partitionLeaderEpoch())
                .retainLastOffset(source.lastOffset());
        builder.retainedMaxTimestamp = source.maxTimestamp();
        if (source.hasDeleteHorizonMs()) {
            builder.deleteHorizonMs(source.deleteHorizonMs());
        }
        return builder;
    }

    /**
     * A transaction marker batch as a transaction coordinator writes it: a transactional control batch, uncompressed,
     * CREATE_TIME, no base sequence, holding one COMMIT or ABORT control record at {@code offset}.
     */
    public static ByteBuf endTransactionMarker(
            long offset,
            long timestamp,
            int partitionLeaderEpoch,
            long producerId,
            short producerEpoch,
            EndTransactionMarker marker) {
        RecordBatchBuilder builder = new RecordBatchBuilder(Compression.NONE, offset, 32)
                .producer(producerId, producerEpoch, RecordBatch.NO_SEQUENCE)
                .transactional(true)
                .control(true)
                .partitionLeaderEpoch(partitionLeaderEpoch);
        builder.appendControlRecord(timestamp, marker.type(), marker.value());
        return builder.build();
    }

    // ---------------------------------------------------------------- configuration (before the first append)

    /** Marks the batch LOG_APPEND_TIME with this time as its max timestamp (records keep their own timestamps). */
    public RecordBatchBuilder logAppendTime(long timestamp) {
        checkConfigurable();
        this.timestampType = TimestampType.LOG_APPEND_TIME;
        this.logAppendTime = timestamp;
        return this;
    }

    public RecordBatchBuilder producer(long producerId, short producerEpoch, int baseSequence) {
        checkConfigurable();
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.baseSequence = baseSequence;
        return this;
    }

    public RecordBatchBuilder transactional(boolean transactional) {
        checkConfigurable();
        this.transactional = transactional;
        return this;
    }

    /** Marks the batch as holding control records (transaction markers). */
    public RecordBatchBuilder control(boolean control) {
        checkConfigurable();
        this.control = control;
        return this;
    }

    public RecordBatchBuilder partitionLeaderEpoch(int partitionLeaderEpoch) {
        checkConfigurable();
        this.partitionLeaderEpoch = partitionLeaderEpoch;
        return this;
    }

    /**
     * Sets the time after which compaction may drop this batch's tombstones and markers: it becomes the base
     * timestamp, record timestamps are encoded relative to it, and attribute bit 6 is set. {@link
     * RecordBatch#NO_TIMESTAMP} clears it.
     */
    public RecordBatchBuilder deleteHorizonMs(long deleteHorizonMs) {
        checkConfigurable();
        this.deleteHorizonMs = deleteHorizonMs;
        return this;
    }

    /** Makes the batch's last offset at least {@code lastOffset}, whatever the records appended. */
    public RecordBatchBuilder retainLastOffset(long lastOffset) {
        checkConfigurable();
        if (lastOffset < baseOffset || lastOffset - baseOffset > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "last offset " + lastOffset + " is not within an int of base offset " + baseOffset);
        }
        this.retainedLastOffset = lastOffset;
        return this;
    }

    private void checkConfigurable() {
        if (count > 0 || built) {
            throw new IllegalStateException("configure the batch before appending records");
        }
    }

    // ---------------------------------------------------------------- appending

    /** Appends a record at the next offset (the base offset for the first); returns that offset. */
    public long append(long timestamp, byte[] key, byte[] value, Header... headers) {
        long offset = nextOffset();
        appendWithOffset(offset, timestamp, key, value, headers);
        return offset;
    }

    /** Appends a record at the next offset; {@code key} and {@code value} (either may be null) are not consumed. */
    public long append(long timestamp, ByteBuf key, ByteBuf value, List<Header> headers) {
        long offset = nextOffset();
        appendWithOffset(offset, timestamp, key, value, headers);
        return offset;
    }

    public void appendWithOffset(long offset, long timestamp, byte[] key, byte[] value, Header... headers) {
        appendWithOffset(
                offset,
                timestamp,
                key == null ? null : Unpooled.wrappedBuffer(key),
                value == null ? null : Unpooled.wrappedBuffer(value),
                Arrays.asList(headers));
    }

    /**
     * Appends a record at {@code offset}, which must be above every offset appended so far and not below the base.
     *
     * @throws IllegalArgumentException for an offset out of order or out of range, or a negative timestamp other
     *     than {@link RecordBatch#NO_TIMESTAMP}
     */
    public void appendWithOffset(long offset, long timestamp, ByteBuf key, ByteBuf value, List<Header> headers) {
        int headersSize = Wire.sizeOfVarint(headers.size());
        for (Header header : headers) {
            int keyLength = ByteBufUtil.utf8Bytes(header.key());
            byte[] v = header.value();
            headersSize += Wire.sizeOfVarint(keyLength) + keyLength + sizeOfBytes(v == null ? -1 : v.length);
        }
        int offsetDelta = beginRecord(offset, timestamp);
        long timestampDelta = timestamp - baseTimestamp;
        writeRecordStart(offsetDelta, timestampDelta, key, value, headersSize);
        Wire.writeVarint(records, headers.size());
        for (Header header : headers) {
            String k = header.key();
            int keyLength = ByteBufUtil.utf8Bytes(k);
            Wire.writeVarint(records, keyLength);
            ByteBufUtil.reserveAndWriteUtf8(records, k, keyLength);
            byte[] v = header.value();
            if (v == null) {
                Wire.writeVarint(records, -1);
            } else {
                Wire.writeVarint(records, v.length);
                records.writeBytes(v);
            }
        }
        endRecord(offset, timestamp);
    }

    /**
     * Appends a record read from another batch, keeping its offset and timestamp and copying its key, value and
     * encoded headers verbatim.
     */
    public void append(Record record) {
        ByteBuf headers = record.encodedHeaders();
        int offsetDelta = beginRecord(record.offset(), record.timestamp());
        writeRecordStart(
                offsetDelta, record.timestamp() - baseTimestamp, record.key(), record.value(), headers.readableBytes());
        records.writeBytes(headers);
        endRecord(record.offset(), record.timestamp());
    }

    /**
     * Appends a control record of {@code type} with the given value at the next offset.
     *
     * @throws IllegalStateException unless the batch was marked {@link #control(boolean) control}
     */
    public long appendControlRecord(long timestamp, ControlRecordType type, ByteBuf value) {
        if (!control) {
            throw new IllegalStateException("control records belong in control batches");
        }
        return append(timestamp, type.key(), value, List.of());
    }

    /** Appends an end transaction marker at the next offset (see {@link #appendControlRecord}). */
    public long appendEndTransactionMarker(long timestamp, EndTransactionMarker marker) {
        return appendControlRecord(timestamp, marker.type(), marker.value());
    }

    private long nextOffset() {
        return lastOffset < 0 ? baseOffset : lastOffset + 1;
    }

    private int beginRecord(long offset, long timestamp) {
        if (built) {
            throw new IllegalStateException("the batch was already built");
        }
        if (lastOffset >= 0 && offset <= lastOffset) {
            throw new IllegalArgumentException(
                    "offset " + offset + " does not follow the previous offset " + lastOffset);
        }
        if (offset < baseOffset || offset - baseOffset > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("offset " + offset + " is not within an int above base " + baseOffset);
        }
        if (timestamp < 0 && timestamp != RecordBatch.NO_TIMESTAMP) {
            throw new IllegalArgumentException("invalid negative timestamp " + timestamp);
        }
        if (count == 0) {
            baseTimestamp = deleteHorizonMs != RecordBatch.NO_TIMESTAMP ? deleteHorizonMs : timestamp;
        }
        return (int) (offset - baseOffset);
    }

    private void writeRecordStart(int offsetDelta, long timestampDelta, ByteBuf key, ByteBuf value, int headersSize) {
        int keySize = key == null ? -1 : key.readableBytes();
        int valueSize = value == null ? -1 : value.readableBytes();
        int bodySize = 1
                + Wire.sizeOfVarlong(timestampDelta)
                + Wire.sizeOfVarint(offsetDelta)
                + sizeOfBytes(keySize)
                + sizeOfBytes(valueSize)
                + headersSize;
        records.ensureWritable(Wire.sizeOfVarint(bodySize) + bodySize);
        Wire.writeVarint(records, bodySize);
        records.writeByte(0);
        Wire.writeVarlong(records, timestampDelta);
        Wire.writeVarint(records, offsetDelta);
        Wire.writeVarint(records, keySize);
        if (key != null) {
            records.writeBytes(key, key.readerIndex(), keySize);
        }
        Wire.writeVarint(records, valueSize);
        if (value != null) {
            records.writeBytes(value, value.readerIndex(), valueSize);
        }
    }

    private void endRecord(long offset, long timestamp) {
        count++;
        lastOffset = offset;
        if (timestamp > maxTimestamp) {
            maxTimestamp = timestamp;
        }
    }

    private static int sizeOfBytes(int size) {
        return Wire.sizeOfVarint(size) + Math.max(size, 0);
    }

    // ---------------------------------------------------------------- building

    public int recordCount() {
        return count;
    }

    /** The bytes of the records appended so far, before compression. */
    public int uncompressedRecordsSize() {
        return compression.type() == CompressionType.NONE
                ? records.writerIndex() - RecordBatch.RECORD_BATCH_OVERHEAD
                : records.writerIndex();
    }

    /**
     * Finishes the batch: compresses the records, writes the header and CRC. Call once.
     *
     * @return a heap buffer holding exactly the batch
     * @throws IllegalStateException if no record was appended and no last offset retained, or if called twice
     */
    public ByteBuf build() {
        if (built) {
            throw new IllegalStateException("the batch was already built");
        }
        if (count == 0 && retainedLastOffset < 0) {
            throw new IllegalStateException("a batch needs a record or a retained last offset");
        }
        built = true;
        CompressionType type = compression.type();
        long batchBaseTimestamp = baseTimestamp;
        long batchMaxTimestamp = timestampType == TimestampType.LOG_APPEND_TIME ? logAppendTime : maxTimestamp;
        boolean deleteHorizon = deleteHorizonMs != RecordBatch.NO_TIMESTAMP;
        if (count == 0) {
            type = CompressionType.NONE;
            deleteHorizon = false;
            batchMaxTimestamp = timestampType == TimestampType.LOG_APPEND_TIME ? logAppendTime : retainedMaxTimestamp;
            batchBaseTimestamp = RecordBatch.NO_TIMESTAMP;
        } else if (type != CompressionType.NONE) {
            Codec.forType(type).compress(records, out, compression.level());
        }
        long last = Math.max(lastOffset, retainedLastOffset);
        short attributes = RecordBatch.attributes(type, timestampType, transactional, control, deleteHorizon);
        out.setLong(RecordBatch.BASE_OFFSET_OFFSET, baseOffset);
        out.setInt(RecordBatch.LENGTH_OFFSET, out.writerIndex() - RecordBatch.LOG_OVERHEAD);
        out.setInt(RecordBatch.PARTITION_LEADER_EPOCH_OFFSET, partitionLeaderEpoch);
        out.setByte(RecordBatch.MAGIC_OFFSET, RecordBatch.MAGIC_V2);
        out.setShort(RecordBatch.ATTRIBUTES_OFFSET, attributes);
        out.setInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, (int) (last - baseOffset));
        out.setLong(RecordBatch.BASE_TIMESTAMP_OFFSET, batchBaseTimestamp);
        out.setLong(RecordBatch.MAX_TIMESTAMP_OFFSET, batchMaxTimestamp);
        out.setLong(RecordBatch.PRODUCER_ID_OFFSET, producerId);
        out.setShort(RecordBatch.PRODUCER_EPOCH_OFFSET, producerEpoch);
        out.setInt(RecordBatch.BASE_SEQUENCE_OFFSET, baseSequence);
        out.setInt(RecordBatch.RECORDS_COUNT_OFFSET, count);
        out.setInt(RecordBatch.CRC_OFFSET, (int) new RecordBatch(out).computeChecksum());
        return out;
    }
}
