package io.runnel.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.PooledByteBufAllocator;
import io.runnel.broker.Broker;
import io.runnel.common.time.Time;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that send garbage: each gets a defined answer or a closed connection, the broker keeps serving a
 * well-behaved client throughout, and its memory does not grow.
 */
class HostileClientTest {

    @TempDir
    Path dir;

    private RunnelNode node;
    private Broker broker;
    private Admin admin;

    @BeforeEach
    void start() throws Exception {
        node = RunnelNode.builder(Map.of(
                        "listeners", "PLAINTEXT://127.0.0.1:0",
                        "log.dir", dir.toString(),
                        "socket.request.max.bytes", "1048576"))
                .time(Time.SYSTEM)
                .build()
                .start();
        broker = node.broker();
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        admin = Admin.create(props);
        admin.createTopics(List.of(new NewTopic("healthy", 1, (short) 1))).all().get();
    }

    @AfterEach
    void stop() {
        admin.close();
        node.stop();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", broker.boundPort());
        s.setSoTimeout(10_000);
        return s;
    }

    /** Reads until the broker closes the connection; fails if it answers instead or stays silent. */
    private static void assertClosedByBroker(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            int b = in.read();
            assertThat(b)
                    .as("the broker closes the connection instead of answering")
                    .isEqualTo(-1);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the broker neither answered nor closed the connection", e);
        } catch (IOException e) {
            // Connection reset: closed by the broker.
        }
    }

    private void assertBrokerStillServes() throws Exception {
        assertThat(admin.listTopics().names().get()).contains("healthy");
    }

    @Test
    void aTwoGigabyteLengthPrefixClosesTheConnectionWithoutAllocating() throws Exception {
        long before = usedMemory();
        for (int i = 0; i < 20; i++) {
            try (Socket s = connect()) {
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                out.writeInt(Integer.MAX_VALUE);
                out.write(new byte[64]);
                out.flush();
                assertClosedByBroker(s);
            }
        }
        assertBrokerStillServes();
        assertThat(usedMemory() - before)
                .as("memory after 20 hostile 2 GB prefixes")
                .isLessThan(64L << 20);
    }

    @Test
    void aNegativeOrOversizedFrameClosesTheConnection() throws Exception {
        for (int size : new int[] {-1, 1_048_577}) {
            try (Socket s = connect()) {
                new DataOutputStream(s.getOutputStream()).writeInt(size);
                assertClosedByBroker(s);
            }
        }
        assertBrokerStillServes();
    }

    @Test
    void anUnknownApiKeyClosesTheConnection() throws Exception {
        try (Socket s = connect()) {
            sendFrame(s, header((short) 9999, (short) 0, 7));
            assertClosedByBroker(s);
        }
        assertBrokerStillServes();
    }

    @Test
    void anUnsupportedVersionOfAnApiClosesTheConnection() throws Exception {
        try (Socket s = connect()) {
            // Metadata v99.
            sendFrame(s, header((short) 3, (short) 99, 7));
            assertClosedByBroker(s);
        }
        assertBrokerStillServes();
    }

    @Test
    void apiVersionsAtAnUnknownVersionIsAnsweredAtVersionZeroWithUnsupportedVersion() throws Exception {
        try (Socket s = connect()) {
            sendFrame(s, header((short) 18, (short) 77, 42));
            DataInputStream in = new DataInputStream(s.getInputStream());
            int size = in.readInt();
            byte[] body = new byte[size];
            in.readFully(body);
            ByteBuffer b = ByteBuffer.wrap(body);
            assertThat(b.getInt()).as("correlation id, header v0").isEqualTo(42);
            assertThat(b.getShort()).as("error code").isEqualTo((short) 35);
            int apis = b.getInt();
            assertThat(apis)
                    .as("the v0 response still lists the supported APIs")
                    .isGreaterThan(5);
            boolean sawApiVersions = false;
            for (int i = 0; i < apis; i++) {
                short key = b.getShort();
                short min = b.getShort();
                short max = b.getShort();
                if (key == 18) {
                    sawApiVersions = true;
                    assertThat(min).isEqualTo((short) 0);
                    assertThat(max).isEqualTo((short) 4);
                }
            }
            assertThat(sawApiVersions).isTrue();
        }
        assertBrokerStillServes();
    }

    @Test
    void truncatedAndRandomFramesCloseOnlyTheirOwnConnection() throws Exception {
        Random random = new Random(0x5EED);
        long before = usedMemory();
        for (int i = 0; i < 200; i++) {
            try (Socket s = connect()) {
                byte[] frame = new byte[random.nextInt(200)];
                random.nextBytes(frame);
                if (frame.length >= 4 && random.nextBoolean()) {
                    // A known API key and version with a garbage body.
                    ByteBuffer.wrap(frame).putShort((short) random.nextInt(70)).putShort((short) random.nextInt(5));
                }
                sendFrame(s, frame);
                s.shutdownOutput();
                drain(s);
            }
            if (i % 50 == 0) {
                assertBrokerStillServes();
            }
        }
        assertBrokerStillServes();
        assertThat(usedMemory() - before).as("memory after 200 garbage frames").isLessThan(64L << 20);
    }

    @Test
    void aFrameThatStopsHalfwayIsDroppedWhenTheClientGoesAway() throws Exception {
        for (int i = 0; i < 50; i++) {
            try (Socket s = connect()) {
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                out.writeInt(500_000);
                out.write(new byte[1000]);
                out.flush();
            }
        }
        assertBrokerStillServes();
    }

    private static byte[] header(short apiKey, short version, int correlationId) {
        ByteBuffer b = ByteBuffer.allocate(10);
        b.putShort(apiKey).putShort(version).putInt(correlationId).putShort((short) -1);
        return b.array();
    }

    private static void sendFrame(Socket s, byte[] frame) throws IOException {
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        out.writeInt(frame.length);
        out.write(frame);
        out.flush();
    }

    /** Reads whatever the broker sends until it closes or 10 s pass; a garbage frame must not hang it. */
    private static void drain(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        try {
            while (in.read(buf) >= 0) {
                // keep reading
            }
        } catch (EOFException | java.net.SocketException e) {
            // closed
        }
    }

    private static long usedMemory() {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        System.gc();
        return mem.getHeapMemoryUsage().getUsed()
                + PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory()
                + PooledByteBufAllocator.DEFAULT.metric().usedHeapMemory();
    }
}
