package io.runnel.storage;

import io.netty.buffer.ByteBuf;
import io.runnel.protocol.record.CompressionType;
import io.runnel.protocol.record.CorruptRecordException;
import io.runnel.protocol.record.RecordBatch;
import io.runnel.protocol.record.RecordIterator;
import io.runnel.protocol.record.TimestampType;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks an append makes before anything is written: every byte belongs to a whole v2 batch with a valid CRC;
 * each batch fits {@code max.message.bytes} and the whole append fits {@code segment.bytes}; client batches start
 * at offset 0, number their records densely (offset deltas 0, 1, 2, ...), are not control batches, and carry
 * CreateTime timestamps within {@code message.timestamp.before/after.max.ms} of the broker's clock; transactional
 * batches have a producer id; records of a compacted topic have keys. The records of uncompressed batches are
 * read and checked one by one; compressed batches are decompressed only for a compacted topic's key check
 * (otherwise their header's timestamps stand for their records'), as the broker does not decompress on the produce
 * path unless a check needs it.
 *
 * <p>Stateless; the methods are thread-safe.
 */
final class LogValidator {

    private LogValidator() {}

    /**
     * Validates the readable bytes of {@code records} and returns a header view of each batch, in order, over the
     * caller's buffer (so offsets can then be assigned in place).
     *
     * @throws StorageException CORRUPT_RECORD, INVALID_RECORD, RECORD_TOO_LARGE, RECORD_LIST_TOO_LARGE or
     *     INVALID_TIMESTAMP, naming the batch
     */
    static List<RecordBatch> validate(ByteBuf records, LogConfig config, AppendOrigin origin, long nowMs) {
        List<RecordBatch> batches = new ArrayList<>();
        int total = records.readableBytes();
        if (total > config.segmentBytes()) {
            throw new StorageException(
                    StorageError.RECORD_LIST_TOO_LARGE,
                    "Append of " + total + " bytes is larger than segment.bytes " + config.segmentBytes());
        }
        ByteBuf view = records.duplicate();
        long previousLast = -1;
        while (view.isReadable()) {
            int index = batches.size();
            if (view.readableBytes() < RecordBatch.RECORD_BATCH_OVERHEAD) {
                throw new StorageException(
                        StorageError.CORRUPT_RECORD,
                        "Append ends with " + view.readableBytes() + " bytes that are not a whole batch");
            }
            RecordBatch batch = new RecordBatch(view.slice());
            if (batch.magic() != RecordBatch.MAGIC_V2) {
                throw new StorageException(
                        StorageError.INVALID_RECORD,
                        "Batch " + index + " has magic " + batch.magic() + "; only magic 2 is accepted");
            }
            try {
                batch.ensureValid();
            } catch (CorruptRecordException e) {
                throw new StorageException(StorageError.CORRUPT_RECORD, "Batch " + index + ": " + e.getMessage(), e);
            }
            int size = batch.sizeInBytes();
            if (size > config.maxMessageBytes()) {
                throw new StorageException(
                        StorageError.RECORD_TOO_LARGE,
                        "Batch " + index + " is " + size + " bytes, larger than max.message.bytes "
                                + config.maxMessageBytes());
            }
            if (batch.isTransactional() && !batch.hasProducerId()) {
                throw new StorageException(
                        StorageError.INVALID_RECORD, "Transactional batch " + index + " has no producer id");
            }
            if (origin == AppendOrigin.REPLICATION) {
                if (batch.baseOffset() <= previousLast) {
                    throw new StorageException(
                            StorageError.INVALID_RECORD,
                            "Batch " + index + " starts at " + batch.baseOffset() + ", not after " + previousLast);
                }
                previousLast = batch.lastOffset();
            } else {
                validateNewBatch(batch, index, config, origin, nowMs);
            }
            batches.add(new RecordBatch(view));
            view.skipBytes(size);
        }
        return batches;
    }

    private static void validateNewBatch(
            RecordBatch batch, int index, LogConfig config, AppendOrigin origin, long nowMs) {
        if (origin == AppendOrigin.CLIENT) {
            if (batch.isControlBatch()) {
                throw new StorageException(
                        StorageError.INVALID_RECORD,
                        "Batch " + index + " is a control batch; clients may not write one");
            }
            if (batch.baseOffset() != 0) {
                throw new StorageException(
                        StorageError.INVALID_RECORD,
                        "Batch " + index + " has base offset " + batch.baseOffset() + "; a produced batch starts at 0");
            }
        }
        int count = batch.recordsCount();
        if (count == 0) {
            throw new StorageException(StorageError.INVALID_RECORD, "Batch " + index + " has no records");
        }
        if (batch.lastOffsetDelta() != count - 1) {
            throw new StorageException(
                    StorageError.INVALID_RECORD,
                    "Batch " + index + " has " + count + " records but last offset delta " + batch.lastOffsetDelta());
        }
        boolean checkTimestamps = config.messageTimestampType() == TimestampType.CREATE_TIME && !batch.isControlBatch();
        if (checkTimestamps) {
            checkTimestamp(batch.maxTimestamp(), index, config, nowMs);
        }
        // Records are read where that costs no decompression, or where a check cannot be made without them (keys
        // of a compacted topic).
        boolean compressed = batch.compressionType() != CompressionType.NONE;
        boolean needKeys = config.compactEnabled() && !batch.isControlBatch();
        if (compressed && !needKeys) {
            if (checkTimestamps) {
                checkTimestamp(batch.baseTimestamp(), index, config, nowMs);
            }
            return;
        }
        try {
            // advance() reads and checks each record as iterating would, without a Record object per record.
            RecordIterator records = batch.iterator();
            int i = 0;
            while (records.hasNext()) {
                records.advance();
                if (records.offset() - batch.baseOffset() != i) {
                    throw new StorageException(
                            StorageError.INVALID_RECORD,
                            "Record " + i + " of batch " + index + " has offset delta "
                                    + (records.offset() - batch.baseOffset()) + "; deltas must be 0, 1, 2, ...");
                }
                if (needKeys && !records.hasKey()) {
                    throw new StorageException(
                            StorageError.INVALID_RECORD,
                            "Record " + i + " of batch " + index + " has no key; a compacted topic needs one");
                }
                if (checkTimestamps) {
                    checkTimestamp(records.timestamp(), index, config, nowMs);
                }
                i++;
            }
        } catch (CorruptRecordException e) {
            throw new StorageException(StorageError.CORRUPT_RECORD, "Batch " + index + ": " + e.getMessage(), e);
        }
    }

    private static void checkTimestamp(long timestamp, int index, LogConfig config, long nowMs) {
        if (timestamp == RecordBatch.NO_TIMESTAMP) {
            return;
        }
        if (nowMs - timestamp > config.messageTimestampBeforeMaxMs()) {
            throw new StorageException(
                    StorageError.INVALID_TIMESTAMP,
                    "Batch " + index + " has timestamp " + timestamp + ", more than message.timestamp.before.max.ms "
                            + config.messageTimestampBeforeMaxMs() + " before the broker's " + nowMs);
        }
        if (timestamp - nowMs > config.messageTimestampAfterMaxMs()) {
            throw new StorageException(
                    StorageError.INVALID_TIMESTAMP,
                    "Batch " + index + " has timestamp " + timestamp + ", more than message.timestamp.after.max.ms "
                            + config.messageTimestampAfterMaxMs() + " after the broker's " + nowMs);
        }
    }
}
