package io.runnel.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.runnel.broker.Broker;
import io.runnel.common.time.Time;
import io.runnel.metadata.NewTopic;
import io.runnel.protocol.ApiKeys;
import io.runnel.protocol.ApiMessage;
import io.runnel.protocol.message.ApiVersionsRequestData;
import io.runnel.protocol.message.FetchRequestData;
import io.runnel.protocol.message.RequestHeaderData;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-connection behaviour: ordering of pipelined responses, idle reaping, the connection limit. */
class ConnectionBehaviourTest {

    @TempDir
    Path dir;

    private RunnelNode node;
    private Broker broker;

    private Broker start(Map<String, String> extra) throws Exception {
        Map<String, String> props =
                new HashMap<>(Map.of("listeners", "PLAINTEXT://127.0.0.1:0", "log.dir", dir.toString()));
        props.putAll(extra);
        node = RunnelNode.builder(props).time(Time.SYSTEM).build().start();
        broker = node.broker();
        return broker;
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.stop();
        }
    }

    private static byte[] frame(ApiKeys key, short version, int correlationId, ApiMessage body) {
        short hv = key.requestHeaderVersion(version);
        RequestHeaderData h = new RequestHeaderData()
                .setRequestApiKey(key.id)
                .setRequestApiVersion(version)
                .setCorrelationId(correlationId)
                .setClientId("t");
        ByteBuf out = Unpooled.buffer();
        out.writeInt(h.size(hv) + body.size(version));
        h.write(out, hv);
        body.write(out, version);
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return bytes;
    }

    @Test
    void pipelinedResponsesComeBackInRequestOrderEvenWhenAnEarlierRequestWaits() throws Exception {
        start(Map.of());
        broker.controller()
                .createTopic(new NewTopic("quiet", 1, (short) -1, Map.of(), Map.of()), false)
                .get();
        try (Socket s = new Socket("127.0.0.1", broker.boundPort())) {
            s.setSoTimeout(10_000);
            FetchRequestData longPoll = new FetchRequestData()
                    .setMaxWaitMs(700)
                    .setMinBytes(1)
                    .setMaxBytes(1 << 20)
                    .setSessionEpoch(-1)
                    .setTopics(new ArrayList<>(List.of(new FetchRequestData.FetchTopic()
                            .setTopic("quiet")
                            .setPartitions(new ArrayList<>(List.of(new FetchRequestData.FetchPartition()
                                    .setPartition(0)
                                    .setFetchOffset(0)
                                    .setPartitionMaxBytes(1 << 20)))))));
            ByteBuffer all = ByteBuffer.allocate(1 << 16);
            all.put(frame(ApiKeys.FETCH, (short) 12, 1, longPoll));
            for (int c = 2; c <= 10; c++) {
                all.put(frame(
                        ApiKeys.API_VERSIONS,
                        (short) 3,
                        c,
                        new ApiVersionsRequestData().setClientSoftwareName("t").setClientSoftwareVersion("1")));
            }
            s.getOutputStream().write(all.array(), 0, all.position());
            s.getOutputStream().flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            for (int expected = 1; expected <= 10; expected++) {
                int size = in.readInt();
                byte[] body = new byte[size];
                in.readFully(body);
                assertThat(ByteBuffer.wrap(body).getInt())
                        .as("correlation id of response " + expected)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void produceWithAcksZeroIsAppendedButNeverAnswered() throws Exception {
        start(Map.of());
        broker.controller()
                .createTopic(new NewTopic("fire", 1, (short) -1, Map.of(), Map.of()), false)
                .get();
        org.apache.kafka.common.record.internal.MemoryRecordsBuilder b =
                org.apache.kafka.common.record.internal.MemoryRecords.builder(
                        ByteBuffer.allocate(256),
                        org.apache.kafka.common.compress.Compression.NONE,
                        org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                        0L);
        b.append(new org.apache.kafka.common.record.internal.SimpleRecord(1L, "k".getBytes(), "v".getBytes()));
        ByteBuffer batch = b.build().buffer();
        byte[] bytes = new byte[batch.remaining()];
        batch.get(bytes);
        io.runnel.protocol.message.ProduceRequestData produce = new io.runnel.protocol.message.ProduceRequestData()
                .setAcks((short) 0)
                .setTimeoutMs(1000)
                .setTopicData(
                        new ArrayList<>(List.of(new io.runnel.protocol.message.ProduceRequestData.TopicProduceData()
                                .setName("fire")
                                .setPartitionData(new ArrayList<>(
                                        List.of(new io.runnel.protocol.message.ProduceRequestData.PartitionProduceData()
                                                .setIndex(0)
                                                .setRecords(io.runnel.protocol.record.MemoryRecords.wrap(bytes))))))));
        try (Socket s = new Socket("127.0.0.1", broker.boundPort())) {
            s.setSoTimeout(10_000);
            ByteBuffer all = ByteBuffer.allocate(4096);
            all.put(frame(ApiKeys.PRODUCE, (short) 9, 1, produce));
            all.put(frame(
                    ApiKeys.API_VERSIONS,
                    (short) 3,
                    2,
                    new ApiVersionsRequestData().setClientSoftwareName("t").setClientSoftwareVersion("1")));
            s.getOutputStream().write(all.array(), 0, all.position());
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] body = new byte[in.readInt()];
            in.readFully(body);
            assertThat(ByteBuffer.wrap(body).getInt())
                    .as("the first response is ApiVersions'")
                    .isEqualTo(2);
        }
        assertThat(broker.replicaManager().partition("fire", 0).log().logEndOffset())
                .isEqualTo(1);
    }

    @Test
    void apiVersionsAdvertisesProduceFromVersionZero() throws Exception {
        start(Map.of());
        try (Socket s = new Socket("127.0.0.1", broker.boundPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream()
                    .write(frame(
                            ApiKeys.API_VERSIONS,
                            (short) 3,
                            7,
                            new ApiVersionsRequestData()
                                    .setClientSoftwareName("t")
                                    .setClientSoftwareVersion("1")));
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] body = new byte[in.readInt()];
            in.readFully(body);
            ByteBuf buf = Unpooled.wrappedBuffer(body);
            buf.skipBytes(4);
            io.runnel.protocol.message.ApiVersionsResponseData r =
                    new io.runnel.protocol.message.ApiVersionsResponseData(buf, (short) 3);
            var produce = r.apiKeys().stream()
                    .filter(k -> k.apiKey() == 0)
                    .findFirst()
                    .orElseThrow();
            assertThat(produce.minVersion()).isZero();
            assertThat(produce.maxVersion()).isEqualTo(ApiKeys.PRODUCE.latestVersion());
        }
    }

    @Test
    void idleConnectionsAreClosed() throws Exception {
        start(Map.of("connections.max.idle.ms", "300"));
        try (Socket s = new Socket("127.0.0.1", broker.boundPort())) {
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            assertThat(in.read()).as("the broker closes an idle connection").isEqualTo(-1);
        }
    }

    @Test
    void aConnectionInUseOutlivesTheIdleTimeAndIsClosedOnceItFallsSilent() throws Exception {
        start(Map.of("connections.max.idle.ms", "300"));
        broker.controller()
                .createTopic(new NewTopic("silent", 1, (short) -1, Map.of(), Map.of()), false)
                .get();
        try (Socket s = new Socket("127.0.0.1", broker.boundPort())) {
            s.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            // Long polls of 200 ms each on an empty partition, until the connection has been in use for four times
            // the idle time (the broker's waits pace the loop; the bound on polls keeps it finite).
            long useUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1200);
            int polls = 0;
            while (System.nanoTime() < useUntil) {
                assertThat(polls).as("polls needed to span 1.2 s").isLessThan(1000);
                FetchRequestData poll = new FetchRequestData()
                        .setMaxWaitMs(200)
                        .setMinBytes(1)
                        .setMaxBytes(1 << 20)
                        .setSessionEpoch(-1)
                        .setTopics(List.of(new FetchRequestData.FetchTopic()
                                .setTopic("silent")
                                .setPartitions(List.of(new FetchRequestData.FetchPartition()
                                        .setPartition(0)
                                        .setFetchOffset(0)
                                        .setPartitionMaxBytes(1 << 20)))));
                s.getOutputStream().write(frame(ApiKeys.FETCH, (short) 12, polls, poll));
                byte[] body = new byte[in.readInt()];
                in.readFully(body);
                assertThat(ByteBuffer.wrap(body).getInt()).as("correlation id").isEqualTo(polls);
                polls++;
            }
            assertThat(in.read())
                    .as("the broker closes the connection once it falls silent")
                    .isEqualTo(-1);
        }
    }

    @Test
    void connectionsBeyondMaxConnectionsAreRefused() throws Exception {
        start(Map.of("max.connections", "2"));
        try (Socket a = new Socket("127.0.0.1", broker.boundPort());
                Socket b = new Socket("127.0.0.1", broker.boundPort())) {
            // A round trip on each proves the broker admitted it before the next one arrives.
            roundTrip(a);
            roundTrip(b);
            try (Socket c = new Socket("127.0.0.1", broker.boundPort())) {
                c.setSoTimeout(10_000);
                assertThat(c.getInputStream().read())
                        .as("the third connection is closed")
                        .isEqualTo(-1);
            }
            roundTrip(a);
        }
    }

    private static void roundTrip(Socket s) throws IOException {
        s.setSoTimeout(10_000);
        s.getOutputStream().write(frame(ApiKeys.API_VERSIONS, (short) 0, 5, new ApiVersionsRequestData()));
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] body = new byte[in.readInt()];
        in.readFully(body);
        assertThat(ByteBuffer.wrap(body).getInt()).isEqualTo(5);
    }
}
