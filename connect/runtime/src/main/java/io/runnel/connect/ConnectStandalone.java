package io.runnel.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runnel.common.time.Time;
import io.runnel.connect.herder.HerderException;
import io.runnel.connect.herder.StandaloneHerder;
import io.runnel.connect.plugins.Plugins;
import io.runnel.connect.rest.ConnectRestApi;
import io.runnel.connect.storage.FileOffsetStore;
import io.runnel.connect.storage.MemoryOffsetStore;
import io.runnel.connect.storage.OffsetStore;
import io.runnel.connect.worker.TargetState;
import io.runnel.connect.worker.Worker;
import io.runnel.rest.RestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone Connect worker: plugins, one {@link Worker}, a {@link StandaloneHerder} and the REST API, started
 * with {@link #start} and stopped with {@link #close()} (connectors and tasks first, then the REST server). This is
 * the entry point the composition root wires in, and what {@code runnel connect-standalone worker.properties
 * connector1.properties …} runs ({@link #run}). Source offsets live in {@code offset.storage.file.filename} (in
 * memory when unset). Thread-safe.
 */
public final class ConnectStandalone implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConnectStandalone.class);

    private final StandaloneHerder herder;
    private final RestServer rest;

    private ConnectStandalone(StandaloneHerder herder, RestServer rest) {
        this.herder = herder;
        this.rest = rest;
    }

    /** Starts a worker; fails with a message naming the key when the configuration is invalid. */
    public static ConnectStandalone start(WorkerConfig config, Time time) {
        String clusterId = clusterId(config);
        Plugins plugins = Plugins.discover(config.pluginPath(), ConnectStandalone.class.getClassLoader());
        log.info("Connect plugins: {}", plugins.summary());
        Path offsetFile = config.offsetFile();
        OffsetStore offsets = offsetFile == null ? new MemoryOffsetStore() : new FileOffsetStore(offsetFile);
        Worker worker = null;
        StandaloneHerder herder = null;
        try {
            worker = new Worker(config, plugins, offsets, time);
            herder = new StandaloneHerder(worker);
            RestServer.Builder b =
                    RestServer.builder("connect").host(config.restHost()).port(config.restPort());
            RestServer rest = new ConnectRestApi(herder, clusterId).routes(b).start();
            // The worker id is the REST address, known once the port is bound (port 0 picks one).
            String host = config.restHost().equals("0.0.0.0") ? "localhost" : config.restHost();
            worker.assignId(host + ":" + rest.port());
            return new ConnectStandalone(herder, rest);
        } catch (RuntimeException e) {
            if (herder != null) {
                herder.close();
            }
            if (worker != null) {
                worker.close();
            } else {
                plugins.close();
                offsets.close();
            }
            throw e;
        }
    }

    private static String clusterId(WorkerConfig config) {
        Map<String, Object> c = new HashMap<>();
        c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        c.putAll(config.prefixed("admin."));
        try (Admin admin = Admin.create(c)) {
            return admin.describeCluster().clusterId().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(
                    "Cannot reach the Kafka cluster at " + config.bootstrapServers() + " to read its cluster id", e);
        }
    }

    public StandaloneHerder herder() {
        return herder;
    }

    /** The port the REST API is bound to. */
    public int restPort() {
        return rest.port();
    }

    @Override
    public void close() {
        herder.close();
        rest.close();
        herder.worker().close();
    }

    /** {@code connect-standalone worker.properties [connector.properties|connector.json …]}; returns the exit code. */
    public static int run(String[] args, PrintStream err) {
        if (args.length < 1 || args[0].equals("--help") || args[0].equals("-h")) {
            err.println("usage: runnel connect-standalone worker.properties [connector.properties|connector.json ...]");
            return args.length < 1 ? 2 : 0;
        }
        ConnectStandalone worker;
        try {
            worker = startFromFiles(args, Time.SYSTEM);
        } catch (IOException | RuntimeException e) {
            err.println("connect-standalone: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            worker.close();
                            stopped.countDown();
                        },
                        "connect-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * Starts a worker from {@code worker.properties} and creates the connectors of the files after it; a connector
     * file that cannot be read or is refused stops the worker again and fails with the reason.
     */
    public static ConnectStandalone startFromFiles(String[] args, Time time) throws IOException {
        ConnectStandalone worker = start(new WorkerConfig(readProperties(Path.of(args[0]))), time);
        try {
            for (int i = 1; i < args.length; i++) {
                Map<String, String> config = readConnectorFile(Path.of(args[i]));
                String name = config.get(ConnectorConfig.NAME);
                worker.herder().putConnector(name, config, TargetState.RUNNING, true);
            }
        } catch (IOException | HerderException e) {
            worker.close();
            throw new IOException(e.getMessage(), e);
        }
        return worker;
    }

    static Map<String, String> readProperties(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : p.stringPropertyNames()) {
            out.put(k, p.getProperty(k));
        }
        return out;
    }

    /**
     * A connector file: Java properties, or JSON ({@code {"name": …, "config": {…}}} as POSTed to the REST API, or a
     * flat object of settings).
     */
    public static Map<String, String> readConnectorFile(Path file) throws IOException {
        if (!file.getFileName().toString().endsWith(".json")) {
            return readProperties(file);
        }
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        if (root == null || !root.isObject()) {
            throw new IOException(file + " must hold a JSON object");
        }
        JsonNode config = root.has("config") && root.get("config").isObject() ? root.get("config") : root;
        Map<String, String> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = config.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            out.put(
                    f.getKey(),
                    f.getValue().isTextual()
                            ? f.getValue().asText()
                            : f.getValue().toString());
        }
        if (root.has("name") && root.get("name").isTextual()) {
            out.putIfAbsent(ConnectorConfig.NAME, root.get("name").asText());
        }
        if (out.get(ConnectorConfig.NAME) == null) {
            throw new IOException(file + " names no connector ('name')");
        }
        return out;
    }
}
