package io.runnel.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.runnel.protocol.record.Header;
import io.runnel.protocol.record.Record;
import io.runnel.protocol.record.RecordBatch;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.utils.BufferSupplier;
import org.apache.kafka.common.utils.CloseableIterator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Iterating every record of one batch holding 64 KiB of records (before compression), written by kafka-clients'
 * builder, touching each record's offset, timestamp, key and value and each header's key and value: Runnel's {@link
 * RecordBatch} iterator beside kafka-clients' {@code batch.iterator()} (what the broker uses) and {@code
 * batch.streamingIterator(BufferSupplier)} (what the consumer uses, reusing decompression buffers). The {@code
 * WithoutHeaders} pair leaves headers alone: Kafka decodes them while iterating anyway, Runnel only on {@code
 * headers()}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RecordIterationBenchmark {

    @Param({"none", "lz4", "zstd", "snappy", "gzip"})
    public String compression;

    private ByteBuf runnelBytes;
    private ByteBuffer kafkaBytes;
    private BufferSupplier bufferSupplier;

    @Setup
    public void setUp() {
        ByteBuffer bytes = SampleBatches.batch(compression, 64 * 1024, 0, 42);
        kafkaBytes = bytes;
        runnelBytes = Unpooled.wrappedBuffer(bytes.duplicate());
        bufferSupplier = BufferSupplier.create();
    }

    @TearDown
    public void tearDown() {
        bufferSupplier.close();
    }

    @Benchmark
    public void runnel(Blackhole bh) {
        for (Record r : runnelBatch()) {
            bh.consume(r.offset());
            bh.consume(r.timestamp());
            bh.consume(r.key());
            bh.consume(r.value());
            for (Header h : r.headers()) {
                bh.consume(h.key());
                bh.consume(h.value());
            }
        }
    }

    @Benchmark
    public void kafka(Blackhole bh) {
        for (org.apache.kafka.common.record.internal.Record r : kafkaBatch()) {
            bh.consume(r.offset());
            bh.consume(r.timestamp());
            bh.consume(r.key());
            bh.consume(r.value());
            for (org.apache.kafka.common.header.Header h : r.headers()) {
                bh.consume(h.key());
                bh.consume(h.value());
            }
        }
    }

    @Benchmark
    public void kafkaStreaming(Blackhole bh) {
        try (CloseableIterator<org.apache.kafka.common.record.internal.Record> it =
                kafkaBatch().streamingIterator(bufferSupplier)) {
            while (it.hasNext()) {
                org.apache.kafka.common.record.internal.Record r = it.next();
                bh.consume(r.offset());
                bh.consume(r.timestamp());
                bh.consume(r.key());
                bh.consume(r.value());
                for (org.apache.kafka.common.header.Header h : r.headers()) {
                    bh.consume(h.key());
                    bh.consume(h.value());
                }
            }
        }
    }

    /** Offsets, timestamps, keys and values only: a reader that never looks at headers. */
    @Benchmark
    public void runnelWithoutHeaders(Blackhole bh) {
        for (Record r : runnelBatch()) {
            bh.consume(r.offset());
            bh.consume(r.timestamp());
            bh.consume(r.key());
            bh.consume(r.value());
        }
    }

    @Benchmark
    public void kafkaWithoutHeaders(Blackhole bh) {
        for (org.apache.kafka.common.record.internal.Record r : kafkaBatch()) {
            bh.consume(r.offset());
            bh.consume(r.timestamp());
            bh.consume(r.key());
            bh.consume(r.value());
        }
    }

    private RecordBatch runnelBatch() {
        return new io.runnel.protocol.record.MemoryRecords(runnelBytes)
                .batches()
                .iterator()
                .next();
    }

    private MutableRecordBatch kafkaBatch() {
        return MemoryRecords.readableRecords(kafkaBytes.duplicate())
                .batchIterator()
                .next();
    }
}
