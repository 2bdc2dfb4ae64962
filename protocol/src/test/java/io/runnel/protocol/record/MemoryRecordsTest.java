package io.runnel.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MemoryRecordsTest {

    private static List<Integer> batchSizes(ByteBuf all) {
        List<Integer> sizes = new ArrayList<>();
        for (RecordBatch batch : new MemoryRecords(all).batches()) {
            batch.ensureValid();
            sizes.add(batch.sizeInBytes());
        }
        return sizes;
    }

    @Test
    void aTrailingPartialBatchEndsIterationCleanlyWhereverTheCutFalls() {
        Random random = new Random(7);
        ByteBuf all = Unpooled.buffer();
        List<Integer> ends = new ArrayList<>();
        for (CompressionType type : CompressionType.values()) {
            all.writeBytes(BatchSpec.random(random, type, 5, 50).buildWithRunnel());
            ends.add(all.writerIndex());
        }
        for (int cut = 0; cut <= all.writerIndex(); cut++) {
            ByteBuf prefix = all.slice(0, cut);
            int complete =
                    (int) ends.stream().filter(e -> e <= prefix.writerIndex()).count();
            List<Integer> sizes = batchSizes(prefix);
            assertThat(sizes).as("batches in the first " + cut + " bytes").hasSize(complete);
            int valid = complete == 0 ? 0 : ends.get(complete - 1);
            assertThat(new MemoryRecords(prefix).validBytes()).isEqualTo(valid);
            // kafka-clients agrees on how many batches a cut buffer holds.
            int kafkaCount = 0;
            for (var ignored : org.apache.kafka.common.record.internal.MemoryRecords.readableRecords(prefix.nioBuffer())
                    .batches()) {
                kafkaCount++;
            }
            assertThat(kafkaCount).isEqualTo(complete);
        }
    }

    @Test
    void batchesAreViewsThatStartAtTheBuffersReaderIndex() {
        ByteBuf batch =
                BatchSpec.random(new Random(3), CompressionType.NONE, 3, 10).buildWithRunnel();
        int size = batch.readableBytes();
        ByteBuf framed = Unpooled.buffer().writeBytes(new byte[] {9, 9, 9}).writeBytes(batch);
        framed.readerIndex(3);
        MemoryRecords records = new MemoryRecords(framed);
        assertThat(batchSizes(framed)).containsExactly(size);
        assertThat(records.validBytes()).isEqualTo(size);
        assertThat(framed.readerIndex())
                .as("iteration leaves the buffer's indexes alone")
                .isEqualTo(3);
    }

    @Test
    void aLengthBelowTheBatchHeaderOrAForeignMagicIsCorrupt() {
        ByteBuf batch =
                BatchSpec.random(new Random(4), CompressionType.NONE, 2, 10).buildWithRunnel();
        ByteBuf shortLength = batch.copy().setInt(RecordBatch.LENGTH_OFFSET, 20);
        assertThatThrownBy(() ->
                        new MemoryRecords(shortLength).batches().iterator().hasNext())
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("below the minimum");
        ByteBuf magicOne = batch.copy().setByte(RecordBatch.MAGIC_OFFSET, 1);
        assertThatThrownBy(
                        () -> new MemoryRecords(magicOne).batches().iterator().next())
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("magic 1");
    }

    @Test
    void anEmptyBufferHasNoBatches() {
        assertThat(MemoryRecords.EMPTY.batches()).isEmpty();
        assertThat(MemoryRecords.EMPTY.validBytes()).isZero();
    }
}
