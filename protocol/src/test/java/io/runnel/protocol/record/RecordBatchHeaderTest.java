package io.runnel.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;

class RecordBatchHeaderTest {

    private static ByteBuf kafkaBatch(long baseOffset, long producerId, short epoch, int baseSequence) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(
                ByteBuffer.allocate(4096),
                org.apache.kafka.common.record.internal.RecordBatch.MAGIC_VALUE_V2,
                Compression.NONE,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                baseOffset,
                1_700_000_000_000L,
                producerId,
                epoch,
                baseSequence,
                false,
                7);
        builder.append(new SimpleRecord(1_700_000_000_001L, "k1".getBytes(), "v1".getBytes()));
        builder.append(new SimpleRecord(1_700_000_000_005L, "k2".getBytes(), "v2".getBytes()));
        builder.append(new SimpleRecord(1_700_000_000_003L, null, "v3".getBytes()));
        ByteBuffer bytes = builder.build().buffer();
        return Unpooled.wrappedBuffer(bytes);
    }

    @Test
    void readsEveryHeaderFieldOfABatchWrittenByKafkaClients() {
        RecordBatch batch = new RecordBatch(kafkaBatch(100, 42L, (short) 3, 17));
        assertThat(batch.magic()).isEqualTo(RecordBatch.MAGIC_V2);
        assertThat(batch.baseOffset()).isEqualTo(100);
        assertThat(batch.lastOffset()).isEqualTo(102);
        assertThat(batch.nextOffset()).isEqualTo(103);
        assertThat(batch.recordsCount()).isEqualTo(3);
        assertThat(batch.partitionLeaderEpoch()).isEqualTo(7);
        assertThat(batch.baseTimestamp()).isEqualTo(1_700_000_000_001L);
        assertThat(batch.maxTimestamp()).isEqualTo(1_700_000_000_005L);
        assertThat(batch.producerId()).isEqualTo(42L);
        assertThat(batch.producerEpoch()).isEqualTo((short) 3);
        assertThat(batch.baseSequence()).isEqualTo(17);
        assertThat(batch.lastSequence()).isEqualTo(19);
        assertThat(batch.compressionType()).isEqualTo(CompressionType.NONE);
        assertThat(batch.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(batch.isTransactional()).isFalse();
        assertThat(batch.isControlBatch()).isFalse();
        assertThat(batch.isValid()).isTrue();
        assertThat(batch.checksum()).isEqualTo(batch.computeChecksum());
    }

    @Test
    void aFlippedByteFailsTheChecksum() {
        ByteBuf bytes = kafkaBatch(0, -1, (short) -1, -1);
        bytes.setByte(bytes.writerIndex() - 1, bytes.getByte(bytes.writerIndex() - 1) ^ 0x01);
        assertThatThrownBy(() -> new RecordBatch(bytes).ensureValid())
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("crc");
    }

    @Test
    void aTruncatedBatchIsReportedAsSuch() {
        ByteBuf bytes = kafkaBatch(0, -1, (short) -1, -1);
        ByteBuf truncated = bytes.slice(0, bytes.readableBytes() - 5);
        assertThatThrownBy(() -> new RecordBatch(truncated).ensureValid()).hasMessageContaining("only");
        assertThatThrownBy(() -> new RecordBatch(bytes.slice(0, 30)).ensureValid())
                .hasMessageContaining("header");
    }

    @Test
    void offsetAssignmentAndLogAppendTimeKeepTheBatchValid() {
        RecordBatch batch = new RecordBatch(kafkaBatch(0, -1, (short) -1, -1));
        batch.setBaseOffset(5000);
        batch.setPartitionLeaderEpoch(9);
        batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, 1_800_000_000_000L);
        assertThat(batch.isValid()).isTrue();
        assertThat(batch.lastOffset()).isEqualTo(5002);
        assertThat(batch.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(batch.maxTimestamp()).isEqualTo(1_800_000_000_000L);

        // kafka-clients agrees the rewritten batch is intact.
        MemoryRecords kafka = MemoryRecords.readableRecords(batch.buffer().nioBuffer());
        kafka.batches().forEach(b -> {
            b.ensureValid();
            assertThat(b.baseOffset()).isEqualTo(5000);
            assertThat(b.partitionLeaderEpoch()).isEqualTo(9);
            assertThat(b.maxTimestamp()).isEqualTo(1_800_000_000_000L);
        });
    }
}
