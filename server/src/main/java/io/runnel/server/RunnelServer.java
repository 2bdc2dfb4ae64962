package io.runnel.server;

import io.runnel.broker.config.BrokerConfig;
import io.runnel.common.config.ConfigException;
import io.runnel.common.time.Time;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code runnel server [--config server.properties] [--data-dir DIR] [--set key=value …]}: starts a single node on
 * {@code localhost:9092} with data under {@code ./data} unless told otherwise, and runs until SIGTERM or Ctrl-C,
 * when it shuts down cleanly (stops accepting, finishes in-flight requests, flushes, writes checkpoints). An
 * unknown or invalid configuration key stops start-up with one line naming the key.
 */
@Command(
        name = "runnel server",
        mixinStandardHelpOptions = true,
        description = "Run a Runnel server (single node by default).")
public final class RunnelServer implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(RunnelServer.class);

    @Option(
            names = {"--config", "-c"},
            paramLabel = "FILE",
            description = "A server.properties file (Kafka property names).")
    Path configFile;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The data directory (log.dir); default ./data.")
    Path dataDir;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one configuration key; repeatable.")
    List<String> overrides = new ArrayList<>();

    /** Runs the command and returns the process exit code. */
    public static int run(String[] args) {
        CommandLine cl = new CommandLine(new RunnelServer());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            System.err.println("runnel server: " + e.getMessage());
            return 1;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        RunnelNode node;
        try {
            node = RunnelNode.builder(properties()).time(Time.SYSTEM).build();
        } catch (ConfigException e) {
            System.err.println("runnel server: invalid configuration: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("runnel server: " + e.getMessage());
            return 2;
        }
        Thread hook = new Thread(node::stop, "runnel-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            node.start();
        } catch (ComponentStartException e) {
            System.err.println("runnel server: start-up failed: " + e.getMessage());
            return 1;
        }
        node.awaitShutdown();
        return 0;
    }

    /** The configuration: the file, then --data-dir, then each --set, later ones winning. */
    Map<String, String> properties() throws IOException {
        Map<String, String> props = new LinkedHashMap<>();
        if (configFile != null) {
            if (!Files.isRegularFile(configFile)) {
                throw new IOException("configuration file " + configFile + " does not exist");
            }
            Properties file = new Properties();
            try (Reader r = Files.newBufferedReader(configFile)) {
                file.load(r);
            }
            for (String name : file.stringPropertyNames()) {
                props.put(name, file.getProperty(name));
            }
        }
        if (dataDir != null) {
            props.put(BrokerConfig.LOG_DIR, dataDir.toString());
            props.remove(BrokerConfig.LOG_DIRS);
        }
        for (String kv : overrides) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--set expects key=value, got '" + kv + "'");
            }
            props.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        return props;
    }
}
