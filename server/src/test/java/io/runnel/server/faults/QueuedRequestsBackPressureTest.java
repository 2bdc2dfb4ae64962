package io.runnel.server.faults;

import static io.runnel.server.faults.FaultTestSupport.createTopic;
import static io.runnel.server.faults.FaultTestSupport.startBroker;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.runnel.broker.Broker;
import io.runnel.protocol.ApiKeys;
import io.runnel.protocol.message.ProduceRequestData;
import io.runnel.protocol.message.ProduceResponseData;
import io.runnel.protocol.message.RequestHeaderData;
import io.runnel.protocol.message.ResponseHeaderData;
import io.runnel.protocol.record.MemoryRecords;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code queued.max.requests} under a flood: a raw-socket client pipelines large Produce requests and reads no
 * responses while the disk stalls (durable acks wait for an fsync that does not return), so every request it sends
 * stays queued. The broker must stop reading the connection at the bound instead of buffering the flood.
 */
@Timeout(120)
class QueuedRequestsBackPressureTest {

    private static final String TOPIC = "flood";
    private static final int BOUND = 8;
    private static final int REQUESTS = 300;
    private static final int VALUE_BYTES = 64 * 1024;
    private static final short PRODUCE_VERSION = 9;

    @TempDir
    Path dataDir;

    private final FaultInjectingDisk disk = new FaultInjectingDisk();
    private Broker broker;

    @AfterEach
    void stop() {
        disk.unblockForces();
        if (broker != null) {
            broker.shutdown();
        }
    }

    @Test
    void aFloodOfPipelinedProducesIsHeldAtQueuedMaxRequestsAndAllAreAnsweredInOrderOnceTheDiskMovesAgain()
            throws Exception {
        broker = startBroker(
                dataDir,
                disk,
                Map.of(
                        "runnel.acks.all.durable", "true",
                        "queued.max.requests", Integer.toString(BOUND),
                        "socket.receive.buffer.bytes", "65536",
                        "socket.send.buffer.bytes", "65536"));
        createTopic(broker, TOPIC);
        byte[] frame = produceFrame();
        System.out.println("Broker JVM RSS before the flood: " + rss());

        disk.blockForces();
        AtomicInteger written = new AtomicInteger();
        try (Socket socket = new Socket()) {
            socket.setSendBufferSize(65536);
            socket.setReceiveBufferSize(65536);
            socket.setSoTimeout(60_000);
            socket.connect(new InetSocketAddress("127.0.0.1", broker.boundPort()));
            Thread writer = new Thread(
                    () -> {
                        try {
                            OutputStream out = socket.getOutputStream();
                            for (int i = 0; i < REQUESTS; i++) {
                                ByteBuffer.wrap(frame).putInt(8, i); // correlation id
                                out.write(frame);
                                written.incrementAndGet();
                            }
                            out.flush();
                        } catch (IOException e) {
                            // The socket closed under the writer: the assertions below report it.
                        }
                    },
                    "flood-writer");
            writer.setDaemon(true);
            writer.start();

            // The queue fills (no response can complete while fsyncs hang) and the broker stops reading; without
            // back-pressure it would read the whole flood instead.
            awaitCondition(
                    () -> broker.socketServer().peakQueuedRequests() >= BOUND
                            && (broker.socketServer().pausedConnections() == 1 || written.get() == REQUESTS),
                    "the connection is paused with a full queue, or the client wrote everything");
            System.out.println("Broker JVM RSS with the connection paused: " + rss() + " (" + written.get() + " of "
                    + REQUESTS + " requests of " + frame.length + " bytes written by the client)");
            assertThat(broker.socketServer().peakQueuedRequests()).isEqualTo(BOUND);
            assertThat(written.get())
                    .as("the client is blocked: the broker read only what its queue and the socket buffers hold")
                    .isLessThan(REQUESTS);
            assertThat(broker.replicaManager().partition(TOPIC, 0).log().logEndOffset())
                    .as("appended while paused")
                    .isLessThanOrEqualTo(BOUND);

            disk.unblockForces();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            for (int i = 0; i < REQUESTS; i++) {
                byte[] body = new byte[in.readInt()];
                in.readFully(body);
                ByteBuf buf = Unpooled.wrappedBuffer(body);
                assertThat(new ResponseHeaderData(buf, ApiKeys.PRODUCE.responseHeaderVersion(PRODUCE_VERSION))
                                .correlationId())
                        .isEqualTo(i);
                ProduceResponseData response = new ProduceResponseData(buf, PRODUCE_VERSION);
                assertThat(response.responses()
                                .get(0)
                                .partitionResponses()
                                .get(0)
                                .errorCode())
                        .isZero();
            }
            writer.join(30_000);
            assertThat(written.get()).isEqualTo(REQUESTS);
        }
        System.out.println("Broker JVM RSS after the flood: " + rss());
        assertThat(broker.socketServer().peakQueuedRequests())
                .as("never more than queued.max.requests queued")
                .isLessThanOrEqualTo(BOUND);
        assertThat(broker.replicaManager().partition(TOPIC, 0).log().logEndOffset())
                .isEqualTo(REQUESTS);
    }

    private static byte[] produceFrame() {
        MemoryRecordsBuilder b = org.apache.kafka.common.record.internal.MemoryRecords.builder(
                ByteBuffer.allocate(VALUE_BYTES + 1024), Compression.NONE, TimestampType.CREATE_TIME, 0L);
        b.append(new SimpleRecord(System.currentTimeMillis(), null, new byte[VALUE_BYTES]));
        ByteBuffer batch = b.build().buffer();
        byte[] records = new byte[batch.remaining()];
        batch.get(records);
        ProduceRequestData produce = new ProduceRequestData()
                .setAcks((short) -1)
                .setTimeoutMs(60_000)
                .setTopicData(new ArrayList<>(List.of(new ProduceRequestData.TopicProduceData()
                        .setName(TOPIC)
                        .setPartitionData(new ArrayList<>(List.of(new ProduceRequestData.PartitionProduceData()
                                .setIndex(0)
                                .setRecords(MemoryRecords.wrap(records))))))));
        short headerVersion = ApiKeys.PRODUCE.requestHeaderVersion(PRODUCE_VERSION);
        RequestHeaderData header = new RequestHeaderData()
                .setRequestApiKey(ApiKeys.PRODUCE.id)
                .setRequestApiVersion(PRODUCE_VERSION)
                .setCorrelationId(0)
                .setClientId("flood");
        ByteBuf out = Unpooled.buffer();
        out.writeInt(header.size(headerVersion) + produce.size(PRODUCE_VERSION));
        header.write(out, headerVersion);
        produce.write(out, PRODUCE_VERSION);
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return bytes;
    }

    /** Waits, up to 30 s, for a condition that the broker reaches by itself. */
    private static void awaitCondition(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }

    /** The resident set size of this JVM (which runs the broker), from /proc/self/status. */
    private static String rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return line.substring("VmRSS:".length()).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unknown (" + e + ")";
        }
        return "unknown";
    }
}
