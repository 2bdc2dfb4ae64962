package io.runnel.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Record batches cross between kafka-clients 4.3.0 and Runnel in both directions with every header field and every
 * record identical: batches written by Kafka's {@code MemoryRecordsBuilder} are read by ours, batches built by ours
 * are validated and read by Kafka, each side's reading is compared field by field with the other's and with the
 * random description both were built from. Uncompressed batches are also byte-identical.
 *
 * <p>The seed is fixed and printed; {@code -Drecords.seed=N} reproduces a run.
 */
class RecordBatchInteropTest {

    private static final long SEED = Long.getLong("records.seed", 0x2EC0_2D5L);
    private static final int RANDOM_BATCHES = 30;

    @BeforeAll
    static void printSeed() {
        System.out.println("RecordBatchInteropTest seed " + SEED);
    }

    private static List<BatchSpec> specs(CompressionType type) {
        Random random = new Random(SEED * 31 + type.ordinal());
        List<BatchSpec> specs = new ArrayList<>();
        for (int i = 0; i < RANDOM_BATCHES; i++) {
            specs.add(BatchSpec.random(random, type, 1 + random.nextInt(60), 1 + random.nextInt(600)));
        }
        // A single tiny record, and a large batch that spans many compression blocks (64 KiB lz4, 32 KiB snappy).
        specs.add(BatchSpec.random(random, type, 1, 0));
        specs.add(BatchSpec.random(random, type, 1, 3));
        specs.add(BatchSpec.random(random, type, 3_000, 1_500));
        return specs;
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void batchesWrittenByKafkaClientsReadIdenticallyWithOurs(CompressionType type) {
        int checked = 0;
        for (BatchSpec spec : specs(type)) {
            ByteBuffer kafkaBytes = spec.buildWithKafka();
            MutableRecordBatch kafka = onlyBatch(MemoryRecords.readableRecords(kafkaBytes.duplicate()));
            RecordBatch ours = onlyBatch(
                    new io.runnel.protocol.record.MemoryRecords(Unpooled.wrappedBuffer(kafkaBytes.duplicate())));
            ours.ensureValid();
            BatchSpec.assertSameHeader(kafka, ours);
            BatchSpec.assertSameRecords(kafka, ours);
            spec.assertDescribes(ours);
            checked++;
        }
        assertThat(checked).isEqualTo(RANDOM_BATCHES + 3);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void batchesBuiltByOursAreValidAndReadIdenticallyByKafkaClients(CompressionType type) {
        for (BatchSpec spec : specs(type)) {
            ByteBuf ourBytes = spec.buildWithRunnel();
            MutableRecordBatch kafka = onlyBatch(MemoryRecords.readableRecords(ourBytes.nioBuffer()));
            kafka.ensureValid();
            RecordBatch ours = onlyBatch(new io.runnel.protocol.record.MemoryRecords(ourBytes));
            BatchSpec.assertSameHeader(kafka, ours);
            BatchSpec.assertSameRecords(kafka, ours);
            spec.assertDescribes(ours);
            assertKafkaReadsTheSpec(spec, kafka);
        }
    }

    /** Kafka's own reading of our batch against the description (not only against our reading). */
    private static void assertKafkaReadsTheSpec(BatchSpec spec, MutableRecordBatch kafka) {
        assertThat(kafka.compressionType().name())
                .isEqualTo(spec.compression().type().name());
        assertThat(kafka.isTransactional()).isEqualTo(spec.transactional());
        assertThat(kafka.producerId()).isEqualTo(spec.producerId());
        int i = 0;
        for (org.apache.kafka.common.record.internal.Record r : kafka) {
            BatchSpec.RecordSpec expected = spec.records().get(i++);
            assertThat(r.offset()).isEqualTo(expected.offset());
            assertThat(BatchSpec.bytesOf(r.key())).isEqualTo(expected.key());
            assertThat(BatchSpec.bytesOf(r.value())).isEqualTo(expected.value());
            assertThat(r.headers()).hasSize(expected.headers().size());
        }
        assertThat(i).isEqualTo(spec.records().size());
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void batchesInDirectBuffersReadAsFromHeapBuffers(CompressionType type) {
        // Netty hands the broker requests in pooled direct buffers.
        for (BatchSpec spec : specs(type).subList(0, 8)) {
            ByteBuffer kafkaBytes = spec.buildWithKafka();
            ByteBuf direct = io.netty.buffer.PooledByteBufAllocator.DEFAULT.directBuffer(kafkaBytes.remaining());
            try {
                direct.writeBytes(kafkaBytes.duplicate());
                RecordBatch ours = onlyBatch(new io.runnel.protocol.record.MemoryRecords(direct));
                ours.ensureValid();
                MutableRecordBatch kafka = onlyBatch(MemoryRecords.readableRecords(kafkaBytes.duplicate()));
                BatchSpec.assertSameHeader(kafka, ours);
                BatchSpec.assertSameRecords(kafka, ours);
                spec.assertDescribes(ours);
            } finally {
                direct.release();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = CompressionType.class,
            names = {"NONE"})
    void uncompressedBatchesAreByteForByteWhatKafkaClientsWrite(CompressionType type) {
        for (BatchSpec spec : specs(type)) {
            byte[] kafka = BatchSpec.bytesOf(spec.buildWithKafka());
            byte[] ours = ByteBufUtil.getBytes(spec.buildWithRunnel());
            assertThat(ours).isEqualTo(kafka);
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void severalBatchesInOneBufferReadInOrder(CompressionType type) {
        List<BatchSpec> specs = specs(type).subList(0, 6);
        ByteBuf all = Unpooled.buffer();
        ByteBuffer kafkaAll = ByteBuffer.allocate(1 << 20);
        for (int i = 0; i < specs.size(); i++) {
            // Alternate writers within one buffer, as a fetch response mixes batches from many producers.
            if (i % 2 == 0) {
                all.writeBytes(specs.get(i).buildWithKafka());
            } else {
                all.writeBytes(specs.get(i).buildWithRunnel());
            }
        }
        kafkaAll.put(all.nioBuffer()).flip();
        List<MutableRecordBatch> kafkaBatches = new ArrayList<>();
        MemoryRecords.readableRecords(kafkaAll).batches().forEach(kafkaBatches::add);
        List<RecordBatch> ours = new ArrayList<>();
        new io.runnel.protocol.record.MemoryRecords(all).batches().forEach(ours::add);
        assertThat(ours).hasSize(specs.size());
        assertThat(kafkaBatches).hasSize(specs.size());
        for (int i = 0; i < specs.size(); i++) {
            kafkaBatches.get(i).ensureValid();
            BatchSpec.assertSameHeader(kafkaBatches.get(i), ours.get(i));
            BatchSpec.assertSameRecords(kafkaBatches.get(i), ours.get(i));
            specs.get(i).assertDescribes(ours.get(i));
        }
    }

    static MutableRecordBatch onlyBatch(MemoryRecords records) {
        List<MutableRecordBatch> batches = new ArrayList<>();
        records.batches().forEach(batches::add);
        assertThat(batches).hasSize(1);
        return batches.get(0);
    }

    static RecordBatch onlyBatch(io.runnel.protocol.record.MemoryRecords records) {
        List<RecordBatch> batches = new ArrayList<>();
        records.batches().forEach(batches::add);
        assertThat(batches).hasSize(1);
        return batches.get(0);
    }
}
