package io.runnel.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceDataCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding and encoding a Produce request at the latest version (one topic, one partition, a 64 KiB uncompressed
 * record batch), Runnel's generated {@code io.runnel.protocol.message.ProduceRequestData} beside kafka-clients'
 * {@code org.apache.kafka.common.message.ProduceRequestData} on the same bytes. Both decode from and encode into heap
 * buffers allocated once; both keep the record data as a slice when decoding and copy it when encoding.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ProduceRequestBenchmark {

    private short version;
    private byte[] bytes;

    private ByteBuf runnelIn;
    private ByteBuf runnelOut;
    private io.runnel.protocol.message.ProduceRequestData runnelMessage;

    private ByteBuffer kafkaIn;
    private ByteBuffer kafkaOut;
    private org.apache.kafka.common.message.ProduceRequestData kafkaMessage;

    @Setup
    public void setUp() {
        version = ApiKeys.PRODUCE.latestVersion();
        MemoryRecords records = MemoryRecords.readableRecords(SampleBatches.batch("none", 64 * 1024, 0, 1));
        kafkaMessage = new org.apache.kafka.common.message.ProduceRequestData()
                .setAcks((short) -1)
                .setTimeoutMs(30_000)
                .setTopicData(new TopicProduceDataCollection(List.of(new TopicProduceData()
                                .setName("orders")
                                .setTopicId(Uuid.fromString("kVRqSjqLQjuYrzYDPzdMxg"))
                                .setPartitionData(List.of(
                                        new PartitionProduceData().setIndex(3).setRecords(records))))
                        .iterator()));
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ByteBuffer serialized = ByteBuffer.allocate(kafkaMessage.size(cache, version));
        kafkaMessage.write(new ByteBufferAccessor(serialized), cache, version);
        bytes = serialized.array();

        runnelIn = Unpooled.wrappedBuffer(bytes);
        runnelMessage = new io.runnel.protocol.message.ProduceRequestData(runnelIn.duplicate(), version);
        runnelOut = Unpooled.buffer(bytes.length);
        kafkaIn = ByteBuffer.wrap(bytes);
        kafkaOut = ByteBuffer.allocate(bytes.length);

        // Both sides must be doing the same work: our encoding of our decoding is Kafka's bytes.
        if (!Arrays.equals(ByteBufUtil.getBytes(encodeRunnel()), bytes)) {
            throw new IllegalStateException("Runnel's encoding differs from kafka-clients'");
        }
    }

    @Benchmark
    public io.runnel.protocol.message.ProduceRequestData decodeRunnel() {
        runnelIn.readerIndex(0);
        return new io.runnel.protocol.message.ProduceRequestData(runnelIn, version);
    }

    @Benchmark
    public org.apache.kafka.common.message.ProduceRequestData decodeKafka() {
        kafkaIn.clear();
        return new org.apache.kafka.common.message.ProduceRequestData(new ByteBufferAccessor(kafkaIn), version);
    }

    @Benchmark
    public ByteBuf encodeRunnel() {
        runnelOut.clear();
        runnelOut.ensureWritable(runnelMessage.size(version));
        runnelMessage.write(runnelOut, version);
        return runnelOut;
    }

    @Benchmark
    public ByteBuffer encodeKafka() {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        kafkaMessage.size(cache, version);
        kafkaOut.clear();
        kafkaMessage.write(new ByteBufferAccessor(kafkaOut), cache, version);
        return kafkaOut;
    }
}
