package io.runnel.testkit;

import io.runnel.broker.Broker;
import io.runnel.common.time.Time;
import io.runnel.server.RunnelNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Runnel nodes started in this JVM on port 0 with their data in a temporary directory, for tests that drive them
 * with real clients. Each node is built and started by {@link RunnelNode}, exactly as {@code runnel server} does,
 * so a test cluster is the product. Nodes can be restarted on the same data. Multi-broker clusters arrive with replication;
 * until then a cluster has one broker.
 *
 * <p>Not thread-safe: one test drives one cluster.
 */
public final class EmbeddedCluster implements AutoCloseable {

    private final int size;
    private final Map<String, String> brokerProps;
    private final Path root;
    private final List<RunnelNode> nodes = new ArrayList<>();
    private final List<AutoCloseable> clients = new ArrayList<>();
    private Admin admin;

    private EmbeddedCluster(int size, Map<String, String> brokerProps) {
        if (size != 1) {
            throw new UnsupportedOperationException(
                    "clusters of more than one broker need replication, which has" + " not landed yet");
        }
        this.size = size;
        this.brokerProps = Map.copyOf(brokerProps);
        try {
            this.root = Files.createTempDirectory("runnel-cluster-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static EmbeddedCluster single() {
        return new EmbeddedCluster(1, Map.of());
    }

    public static EmbeddedCluster single(Map<String, String> brokerProps) {
        return new EmbeddedCluster(1, brokerProps);
    }

    public EmbeddedCluster start() {
        for (int i = 0; i < size; i++) {
            nodes.add(startNode(i));
        }
        return this;
    }

    private RunnelNode startNode(int index) {
        Map<String, String> props = new HashMap<>();
        props.put("node.id", Integer.toString(index + 1));
        props.put("listeners", "PLAINTEXT://127.0.0.1:0");
        props.put("log.dir", root.resolve("broker-" + (index + 1)).toString());
        props.putAll(brokerProps);
        RunnelNode node = RunnelNode.builder(props).time(Time.SYSTEM).build();
        try {
            return node.start();
        } catch (Exception e) {
            throw new IllegalStateException("node " + (index + 1) + " failed to start", e);
        }
    }

    /** The node at {@code index} (0-based). */
    public RunnelNode node(int index) {
        return nodes.get(index);
    }

    /** The broker of the node at {@code index}. */
    public Broker broker(int index) {
        return nodes.get(index).broker();
    }

    /** Stops a node cleanly and starts it again on the same data directory (on a new port); returns its broker. */
    public Broker restart(int index) {
        closeClients();
        nodes.get(index).stop();
        RunnelNode node = startNode(index);
        nodes.set(index, node);
        return node.broker();
    }

    public Path dataDir(int index) {
        return root.resolve("broker-" + (index + 1));
    }

    public String bootstrapServers() {
        StringBuilder sb = new StringBuilder();
        for (RunnelNode n : nodes) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(n.bootstrapServers());
        }
        return sb.toString();
    }

    /** A shared Admin client, closed with the cluster (or on restart). */
    public Admin admin() {
        if (admin == null) {
            Properties props = new Properties();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
            admin = Admin.create(props);
        }
        return admin;
    }

    public void createTopic(String name, int partitions, Map<String, String> configs) {
        try {
            admin().createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
                    .all()
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException("could not create topic " + name, e);
        }
    }

    /** Producer properties with byte-array serializers and otherwise the client's defaults. */
    public Properties producerProps() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    /** Consumer properties with byte-array deserializers, reading from the earliest offset. */
    public Properties consumerProps(String groupId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        if (groupId != null) {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "test-consumer-" + UUID.randomUUID());
        return p;
    }

    /** Registers a client to be closed with the cluster. */
    public <T extends AutoCloseable> T track(T client) {
        clients.add(client);
        return client;
    }

    private void closeClients() {
        for (int i = clients.size() - 1; i >= 0; i--) {
            try {
                clients.get(i).close();
            } catch (Exception ignored) {
                // Closing a client of a stopped broker may fail; nothing to do.
            }
        }
        clients.clear();
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }

    @Override
    public void close() {
        closeClients();
        for (RunnelNode n : nodes) {
            n.stop();
        }
        nodes.clear();
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Best effort: the temporary directory is left behind.
        }
    }
}
