package io.runnel.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecords.RecordFilter;
import org.apache.kafka.common.record.internal.MemoryRecords.RecordFilter.BatchRetention;
import org.apache.kafka.common.record.internal.MemoryRecords.RecordFilter.BatchRetentionResult;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.utils.BufferSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Filtering a batch's records into a new batch (what compaction does) with {@link RecordBatchBuilder#rewriteOf}
 * gives what kafka-clients' {@code MemoryRecords.filterTo} gives for the same decisions: the same header (base and
 * last offset, producer state, flags, delete horizon) and the same records; byte-identical when uncompressed,
 * including batches emptied of all their records.
 */
class RecordBatchRewriteTest {

    private static final long SEED = Long.getLong("records.seed", 0xF1_17E5L);
    private static final long NOW = 1_750_000_000_000L;
    private static final long DELETE_RETENTION_MS = 86_400_000L;

    @BeforeAll
    static void printSeed() {
        System.out.println("RecordBatchRewriteTest seed " + SEED);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void filteringMatchesKafkaClientsFilterTo(CompressionType type) {
        Random random = new Random(SEED + type.ordinal());
        for (int i = 0; i < 25; i++) {
            BatchSpec spec = BatchSpec.random(random, type, 1 + random.nextInt(40), 200);
            int modulus = 1 + random.nextInt(4);
            int salt = random.nextInt(100);
            // Sometimes drop everything; keep the emptied batch when it carries producer state, as the cleaner does.
            boolean dropAll = random.nextInt(6) == 0;
            Predicate<Long> keep = offset -> !dropAll && (offset + salt) % modulus != 0;
            BatchRetention emptyRetention =
                    spec.producerId() >= 0 ? BatchRetention.RETAIN_EMPTY : BatchRetention.DELETE_EMPTY;

            ByteBuffer source = spec.buildWithKafka();
            ByteBuffer kafkaOut = kafkaFilter(source.duplicate(), keep, emptyRetention);
            ByteBuf ours = ourFilter(Unpooled.wrappedBuffer(source.duplicate()), keep, emptyRetention);

            List<MutableRecordBatch> kafkaBatches = new ArrayList<>();
            MemoryRecords.readableRecords(kafkaOut.duplicate()).batches().forEach(kafkaBatches::add);
            List<RecordBatch> ourBatches = new ArrayList<>();
            new io.runnel.protocol.record.MemoryRecords(ours).batches().forEach(ourBatches::add);
            assertThat(ourBatches).as("batches left").hasSameSizeAs(kafkaBatches);
            for (int b = 0; b < kafkaBatches.size(); b++) {
                kafkaBatches.get(b).ensureValid();
                ourBatches.get(b).ensureValid();
                BatchSpec.assertEquivalentHeader(kafkaBatches.get(b), ourBatches.get(b));
                BatchSpec.assertSameRecords(kafkaBatches.get(b), ourBatches.get(b));
            }
            if (type == CompressionType.NONE) {
                assertThat(ByteBufUtil.getBytes(ours)).isEqualTo(BatchSpec.bytesOf(kafkaOut));
            }
        }
    }

    private static ByteBuffer kafkaFilter(ByteBuffer source, Predicate<Long> keep, BatchRetention emptyRetention) {
        ByteBuffer out = ByteBuffer.allocate(source.remaining() * 2 + 1024);
        MemoryRecords.readableRecords(source)
                .filterTo(
                        new RecordFilter(NOW, DELETE_RETENTION_MS) {
                            @Override
                            protected BatchRetentionResult checkBatchRetention(
                                    org.apache.kafka.common.record.internal.RecordBatch batch) {
                                return new BatchRetentionResult(emptyRetention, false);
                            }

                            @Override
                            protected boolean shouldRetainRecord(
                                    org.apache.kafka.common.record.internal.RecordBatch batch,
                                    org.apache.kafka.common.record.internal.Record record) {
                                return keep.test(record.offset());
                            }
                        },
                        out,
                        BufferSupplier.NO_CACHING);
        return out.flip();
    }

    /**
     * The same decisions with our primitive: keep the batch as it is when every record stays and no delete horizon
     * must be set; otherwise rewrite it with the kept records, setting a delete horizon when tombstones remain and the
     * batch has none yet.
     */
    private static ByteBuf ourFilter(ByteBuf source, Predicate<Long> keep, BatchRetention emptyRetention) {
        ByteBuf out = Unpooled.buffer();
        for (RecordBatch batch : new io.runnel.protocol.record.MemoryRecords(source).batches()) {
            List<Record> kept = new ArrayList<>();
            boolean tombstones = false;
            int total = 0;
            for (Record record : batch) {
                total++;
                if (keep.test(record.offset())) {
                    kept.add(record);
                    tombstones |= !record.hasValue();
                }
            }
            boolean setHorizon = tombstones && !batch.hasDeleteHorizonMs();
            if (kept.size() == total && !setHorizon) {
                out.writeBytes(batch.buffer());
            } else if (!kept.isEmpty() || emptyRetention == BatchRetention.RETAIN_EMPTY) {
                RecordBatchBuilder builder = RecordBatchBuilder.rewriteOf(batch);
                if (setHorizon) {
                    builder.deleteHorizonMs(NOW + DELETE_RETENTION_MS);
                }
                kept.forEach(builder::append);
                out.writeBytes(builder.build());
            }
        }
        return out;
    }
}
