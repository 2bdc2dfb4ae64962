package io.runnel.protocol.record;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Iterates the records of one batch, decoding and validating each as it is reached. A compressed batch is
 * decompressed as a whole when the iterator is created, into a heap buffer of at most the given limit; an
 * uncompressed batch is read in place.
 *
 * <p>Validation: the batch framing (length, magic), then for every record that its length fits in what remains,
 * that every field fits in the record, that key and value lengths are -1 or more, header counts and header key
 * lengths 0 or more, and that the fields end exactly at the record's end; after the batch's stated record count, that
 * no bytes remain. A batch with a record count of 0 yields nothing without looking at its records section, as Kafka
 * does for the empty batches compaction leaves. Any violation throws {@link CorruptRecordException} from the
 * constructor or {@link #next()}; nothing is allocated from a length before it is checked against the bytes present.
 * The CRC is not checked here; that is {@link RecordBatch#ensureValid()}.
 *
 * <p>Not thread-safe.
 */
public final class RecordIterator implements Iterator<Record> {

    /** attributes, timestamp delta, offset delta, key length, value length, header count: one byte each at least. */
    private static final int MIN_RECORD_BODY = 6;

    private final ByteBuf data;
    private final ByteBuffer view;
    private final RecordReader reader;
    private final int end;
    private final int count;
    private final long baseOffset;
    private final long baseTimestamp;
    private final boolean logAppendTime;
    private final long maxTimestamp;
    private final int baseSequence;
    private int read;
    // The fields of the record last read.
    private int start;
    private int recordEnd;
    private byte attributes;
    private long timestampDelta;
    private int offsetDelta;
    private int keySize;
    private int keyPosition;
    private int valueSize;
    private int valuePosition;
    private int headersPosition;
    private int headerCount;

    RecordIterator(RecordBatch batch, int maxDecompressedBytes) {
        batch.checkFraming();
        this.count = batch.recordsCount();
        if (count < 0) {
            throw new CorruptRecordException("Record batch has a negative record count " + count);
        }
        CompressionType compression = batch.compressionType();
        ByteBuf section = batch.recordsSection();
        if (compression != CompressionType.NONE && count > 0) {
            section = Codec.forType(compression).decompress(section, maxDecompressedBytes);
        }
        this.data = section;
        this.view = section.nioBuffer();
        this.end = view.limit();
        this.reader = new RecordReader(view, 0);
        this.baseOffset = batch.baseOffset();
        this.baseTimestamp = batch.baseTimestamp();
        this.logAppendTime = batch.timestampType() == TimestampType.LOG_APPEND_TIME;
        this.maxTimestamp = batch.maxTimestamp();
        this.baseSequence = batch.baseSequence();
    }

    @Override
    public boolean hasNext() {
        return read < count;
    }

    @Override
    public Record next() {
        advance();
        return new Record(
                data,
                view,
                offset(),
                timestamp(),
                sequence(),
                attributes,
                start,
                recordEnd,
                keyPosition,
                keySize,
                valuePosition,
                valueSize,
                headersPosition,
                headerCount);
    }

    /**
     * Reads and validates the next record exactly as {@link #next()} does, without creating a {@link Record}: its
     * fields are then {@link #offset()}, {@link #timestamp()} and {@link #hasKey()}. For walks that only check
     * records, such as validating a produced batch.
     */
    public void advance() {
        if (read >= count) {
            throw new NoSuchElementException();
        }
        readRecord();
        read++;
        if (read == count && reader.position() != end) {
            throw new CorruptRecordException(
                    "Record batch has " + (end - reader.position()) + " bytes left after its " + count + " records");
        }
    }

    /** The offset of the record last read by {@link #advance()} or {@link #next()}. */
    public long offset() {
        return baseOffset + offsetDelta;
    }

    /** The timestamp of the record last read (the batch's max timestamp under LOG_APPEND_TIME). */
    public long timestamp() {
        return logAppendTime ? maxTimestamp : baseTimestamp + timestampDelta;
    }

    /** Whether the record last read has a key (a length of 0 or more). */
    public boolean hasKey() {
        return keySize >= 0;
    }

    private int sequence() {
        return baseSequence == RecordBatch.NO_SEQUENCE
                ? RecordBatch.NO_SEQUENCE
                : RecordBatch.sequenceAfter(baseSequence, offsetDelta);
    }

    private CorruptRecordException badLength(int length, int remaining) {
        return new CorruptRecordException("Record " + read + " claims a length of " + length + " bytes but " + remaining
                + " remain in the batch");
    }

    private static CorruptRecordException invalid(String what, int value) {
        return new CorruptRecordException("Record has an invalid " + what + " " + value);
    }

    private static CorruptRecordException fieldsMismatch(int length, int occupied) {
        return new CorruptRecordException("Record claims " + length + " bytes but its fields occupy " + occupied);
    }

    /** Reads the next record's fields into this iterator, validating them. */
    private void readRecord() {
        RecordReader r = reader;
        start = r.position();
        int length = r.readVarint(end);
        if (length < MIN_RECORD_BODY || length > end - r.position()) {
            throw badLength(length, end - r.position());
        }
        recordEnd = r.position() + length;
        attributes = r.readByte(recordEnd);
        timestampDelta = r.readVarlong(recordEnd);
        offsetDelta = r.readVarint(recordEnd);
        keySize = r.readVarint(recordEnd);
        keyPosition = r.position();
        if (keySize > 0) {
            r.skip(keySize, recordEnd);
        } else if (keySize < -1) {
            throw invalid("key length", keySize);
        }
        valueSize = r.readVarint(recordEnd);
        valuePosition = r.position();
        if (valueSize > 0) {
            r.skip(valueSize, recordEnd);
        } else if (valueSize < -1) {
            throw invalid("value length", valueSize);
        }
        headersPosition = r.position();
        headerCount = r.readVarint(recordEnd);
        if (headerCount < 0) {
            throw invalid("header count", headerCount);
        }
        for (int i = 0; i < headerCount; i++) {
            int headerKeySize = r.readVarint(recordEnd);
            if (headerKeySize < 0) {
                throw invalid("header key length", headerKeySize);
            }
            r.skip(headerKeySize, recordEnd);
            int headerValueSize = r.readVarint(recordEnd);
            if (headerValueSize > 0) {
                r.skip(headerValueSize, recordEnd);
            } else if (headerValueSize < -1) {
                throw invalid("header value length", headerValueSize);
            }
        }
        if (r.position() != recordEnd) {
            throw fieldsMismatch(length, r.position() - (recordEnd - length));
        }
    }
}
