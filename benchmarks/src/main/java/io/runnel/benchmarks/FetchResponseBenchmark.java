package io.runnel.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
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
 * Decoding and encoding a Fetch response at the latest version: two topics of four partitions each, every partition
 * carrying 16 KiB of lz4-compressed record batches (four batches), Runnel's generated {@code FetchResponseData} beside
 * kafka-clients' on the same bytes, heap buffers allocated once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FetchResponseBenchmark {

    private short version;
    private byte[] bytes;

    private ByteBuf runnelIn;
    private ByteBuf runnelOut;
    private io.runnel.protocol.message.FetchResponseData runnelMessage;

    private ByteBuffer kafkaIn;
    private ByteBuffer kafkaOut;
    private org.apache.kafka.common.message.FetchResponseData kafkaMessage;

    @Setup
    public void setUp() {
        version = ApiKeys.FETCH.latestVersion();
        List<FetchableTopicResponse> topics = new ArrayList<>();
        long seed = 0;
        for (String topic : List.of("orders", "payments")) {
            List<PartitionData> partitions = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                ByteBuffer data = ByteBuffer.allocate(256 * 1024);
                long offset = 1_000_000L * (p + 1);
                while (data.position() < 16 * 1024) {
                    ByteBuffer batch = SampleBatches.batch("lz4", 16 * 1024, offset, seed++);
                    offset += 1_000;
                    data.put(batch);
                }
                data.flip();
                partitions.add(new PartitionData()
                        .setPartitionIndex(p)
                        .setHighWatermark(offset)
                        .setLastStableOffset(offset)
                        .setLogStartOffset(0)
                        .setRecords(MemoryRecords.readableRecords(data)));
            }
            topics.add(new FetchableTopicResponse()
                    .setTopicId(Uuid.fromString(
                            topic.equals("orders") ? "kVRqSjqLQjuYrzYDPzdMxg" : "Zx9m2nHvQeWd3rP0aB7c1w"))
                    .setPartitions(partitions));
        }
        kafkaMessage = new org.apache.kafka.common.message.FetchResponseData()
                .setThrottleTimeMs(0)
                .setSessionId(77)
                .setResponses(topics);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ByteBuffer serialized = ByteBuffer.allocate(kafkaMessage.size(cache, version));
        kafkaMessage.write(new ByteBufferAccessor(serialized), cache, version);
        bytes = serialized.array();

        runnelIn = Unpooled.wrappedBuffer(bytes);
        runnelMessage = new io.runnel.protocol.message.FetchResponseData(runnelIn.duplicate(), version);
        runnelOut = Unpooled.buffer(bytes.length);
        kafkaIn = ByteBuffer.wrap(bytes);
        kafkaOut = ByteBuffer.allocate(bytes.length);
        if (!Arrays.equals(ByteBufUtil.getBytes(encodeRunnel()), bytes)) {
            throw new IllegalStateException("Runnel's encoding differs from kafka-clients'");
        }
    }

    @Benchmark
    public io.runnel.protocol.message.FetchResponseData decodeRunnel() {
        runnelIn.readerIndex(0);
        return new io.runnel.protocol.message.FetchResponseData(runnelIn, version);
    }

    @Benchmark
    public org.apache.kafka.common.message.FetchResponseData decodeKafka() {
        kafkaIn.clear();
        return new org.apache.kafka.common.message.FetchResponseData(new ByteBufferAccessor(kafkaIn), version);
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
