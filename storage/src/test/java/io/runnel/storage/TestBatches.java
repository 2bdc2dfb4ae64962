package io.runnel.storage;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.runnel.protocol.record.RecordBatch;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.SimpleRecord;

/**
 * Record batches built by kafka-clients 4.3.0 (the test oracle) until the protocol module has its own builder.
 * Every batch is built as a producer would send it: base offset 0.
 */
final class TestBatches {

    static final long NO_PRODUCER = RecordBatch.NO_PRODUCER_ID;

    private TestBatches() {}

    /** A batch of {@code count} records with values of {@code valueSize} bytes, keys "k<i>", one timestamp. */
    static ByteBuf batch(long timestamp, int count, int valueSize) {
        return builder().timestamp(timestamp).records(count, valueSize).build();
    }

    /** A batch of records with the given values (null keys), all stamped {@code timestamp}. */
    static ByteBuf values(long timestamp, String... values) {
        Builder b = builder().timestamp(timestamp);
        for (String v : values) {
            b.record(null, v);
        }
        return b.build();
    }

    /** A transaction marker (a control batch with one COMMIT or ABORT record), as a coordinator writes it. */
    static ByteBuf endTransactionMarker(long timestamp, long producerId, short epoch, boolean commit) {
        return endTransactionMarker(timestamp, producerId, epoch, commit, 0);
    }

    static ByteBuf endTransactionMarker(
            long timestamp, long producerId, short epoch, boolean commit, int coordinatorEpoch) {
        MemoryRecords records = MemoryRecords.withEndTransactionMarker(
                0L,
                timestamp,
                RecordBatch.NO_PARTITION_LEADER_EPOCH,
                producerId,
                epoch,
                new EndTransactionMarker(
                        commit ? ControlRecordType.COMMIT : ControlRecordType.ABORT, coordinatorEpoch));
        ByteBuffer bytes = records.buffer();
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        return Unpooled.wrappedBuffer(copy);
    }

    static Builder builder() {
        return new Builder();
    }

    /** Concatenates batches into one buffer, as a Produce request carries them. */
    static ByteBuf concat(ByteBuf... batches) {
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf b : batches) {
            all.writeBytes(b.duplicate());
        }
        return all;
    }

    static final class Builder {
        private long timestamp = 1_767_225_600_000L;
        private Compression compression = Compression.NONE;
        private long producerId = NO_PRODUCER;
        private short epoch = RecordBatch.NO_PRODUCER_EPOCH;
        private int baseSequence = RecordBatch.NO_SEQUENCE;
        private boolean transactional;
        private final List<SimpleRecord> records = new ArrayList<>();

        Builder timestamp(long ts) {
            this.timestamp = ts;
            return this;
        }

        Builder compression(Compression c) {
            this.compression = c;
            return this;
        }

        Builder producer(long id, short epoch, int baseSequence) {
            this.producerId = id;
            this.epoch = epoch;
            this.baseSequence = baseSequence;
            return this;
        }

        Builder transactional() {
            this.transactional = true;
            return this;
        }

        Builder record(String key, String value) {
            return record(timestamp, key, value);
        }

        Builder record(long ts, String key, String value) {
            records.add(new SimpleRecord(
                    ts,
                    key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                    value == null ? null : value.getBytes(StandardCharsets.UTF_8)));
            return this;
        }

        Builder records(int count, int valueSize) {
            for (int i = 0; i < count; i++) {
                byte[] value = new byte[valueSize];
                for (int j = 0; j < valueSize; j++) {
                    value[j] = (byte) ('a' + (i + j) % 26);
                }
                records.add(new SimpleRecord(timestamp, ("k" + i).getBytes(StandardCharsets.UTF_8), value));
            }
            return this;
        }

        ByteBuf build() {
            int estimate = 256;
            for (SimpleRecord r : records) {
                estimate += 64
                        + (r.key() == null ? 0 : r.key().remaining())
                        + (r.value() == null ? 0 : r.value().remaining());
            }
            MemoryRecordsBuilder b = MemoryRecords.builder(
                    ByteBuffer.allocate(estimate),
                    org.apache.kafka.common.record.internal.RecordBatch.MAGIC_VALUE_V2,
                    compression,
                    TimestampType.CREATE_TIME,
                    0L,
                    timestamp,
                    producerId,
                    epoch,
                    baseSequence,
                    transactional,
                    RecordBatch.NO_PARTITION_LEADER_EPOCH);
            for (SimpleRecord r : records) {
                b.append(r);
            }
            ByteBuffer bytes = b.build().buffer();
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            return Unpooled.wrappedBuffer(copy);
        }
    }
}
