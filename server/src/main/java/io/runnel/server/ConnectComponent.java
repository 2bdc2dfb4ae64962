package io.runnel.server;

import io.runnel.common.time.Time;
import io.runnel.connect.ConnectStandalone;
import io.runnel.connect.WorkerConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Connect worker as a node component, started after the broker it talks to. Like every upper layer it reaches
 * the broker over the wire, through the address the broker has once it has started (so port 0 works). Unless
 * configured otherwise, its REST API binds the broker listener's host on port 8083, and source offsets live in
 * {@code connect-offsets.json} in the broker's first data directory.
 *
 * <p>Today the worker runs in standalone mode: connectors created over REST run until the node stops and are not
 * restored by a restart (distributed mode, with connector configs in a topic, comes next).
 *
 * <p>Lifecycle calls come from the node's one start/stop thread.
 */
final class ConnectComponent implements Component {

    static final int DEFAULT_REST_PORT = 8083;

    private final Map<String, String> config;
    private final Supplier<String> bootstrapServers;
    private final Path dataDir;
    private final Time time;
    private volatile ConnectStandalone worker;

    ConnectComponent(Map<String, String> config, Supplier<String> bootstrapServers, Path dataDir, Time time) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.dataDir = dataDir;
        this.time = time;
    }

    @Override
    public String name() {
        return "connect";
    }

    @Override
    public void start() {
        String bootstrap = bootstrapServers.get();
        Map<String, String> props = new HashMap<>(config);
        props.putIfAbsent(WorkerConfig.BOOTSTRAP_SERVERS, bootstrap);
        if (!props.containsKey(WorkerConfig.LISTENERS) && !props.containsKey(WorkerConfig.REST_PORT)) {
            String host = bootstrap.substring(0, bootstrap.lastIndexOf(':'));
            props.put(WorkerConfig.LISTENERS, "http://" + host + ":" + DEFAULT_REST_PORT);
        }
        props.putIfAbsent(
                WorkerConfig.OFFSET_FILE,
                dataDir.resolve("connect-offsets.json").toString());
        worker = ConnectStandalone.start(new WorkerConfig(props), time);
    }

    /** The bound REST port; only after {@link #start()}. */
    int restPort() {
        return worker.restPort();
    }

    @Override
    public void stop() {
        ConnectStandalone w = worker;
        worker = null;
        if (w != null) {
            w.close();
        }
    }
}
