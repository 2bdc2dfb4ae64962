package io.runnel.connect;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The configuration of a Connect worker, with Apache Connect's key names: {@code bootstrap.servers}, the default
 * {@code key.converter}/{@code value.converter}/{@code header.converter} (with their {@code key.converter.*} …
 * settings), {@code plugin.path}, {@code offset.storage.file.filename} (standalone), {@code offset.flush.interval.ms},
 * {@code listeners} (or the legacy {@code rest.host.name}/{@code rest.port}), {@code config.providers}, and the
 * {@code producer.*}/{@code consumer.*}/{@code admin.*} client settings. Runnel's additions are
 * {@code runnel.connect.task.restart.*}. An invalid value fails construction with a message naming the key.
 * Immutable.
 */
public final class WorkerConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String KEY_CONVERTER = "key.converter";
    public static final String VALUE_CONVERTER = "value.converter";
    public static final String HEADER_CONVERTER = "header.converter";
    public static final String PLUGIN_PATH = "plugin.path";
    public static final String OFFSET_FILE = "offset.storage.file.filename";
    public static final String OFFSET_FLUSH_INTERVAL_MS = "offset.flush.interval.ms";
    public static final String LISTENERS = "listeners";
    public static final String REST_HOST = "rest.host.name";
    public static final String REST_PORT = "rest.port";
    public static final String CONFIG_PROVIDERS = "config.providers";
    public static final String TASK_SHUTDOWN_TIMEOUT_MS = "task.shutdown.graceful.timeout.ms";
    public static final String RESTART_ENABLE = "runnel.connect.task.restart.enable";
    public static final String RESTART_BACKOFF_INITIAL_MS = "runnel.connect.task.restart.backoff.initial.ms";
    public static final String RESTART_BACKOFF_MAX_MS = "runnel.connect.task.restart.backoff.max.ms";

    private static final ConfigDef DEF = new ConfigDef()
            .define(BOOTSTRAP_SERVERS, Type.LIST, "localhost:9092", Importance.HIGH, "The Kafka cluster to use.")
            .define(
                    KEY_CONVERTER,
                    Type.STRING,
                    "org.apache.kafka.connect.json.JsonConverter",
                    Importance.HIGH,
                    "Default converter of record keys (class name or alias).")
            .define(
                    VALUE_CONVERTER,
                    Type.STRING,
                    "org.apache.kafka.connect.json.JsonConverter",
                    Importance.HIGH,
                    "Default converter of record values.")
            .define(
                    HEADER_CONVERTER,
                    Type.STRING,
                    "org.apache.kafka.connect.storage.SimpleHeaderConverter",
                    Importance.LOW,
                    "Default converter of header values.")
            .define(PLUGIN_PATH, Type.LIST, List.of(), Importance.HIGH, "Directories holding plugins.")
            .define(OFFSET_FILE, Type.STRING, null, Importance.HIGH, "Standalone: the file source offsets live in.")
            .define(
                    OFFSET_FLUSH_INTERVAL_MS,
                    Type.LONG,
                    60_000L,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "How often tasks commit offsets.")
            .define(LISTENERS, Type.LIST, List.of(), Importance.LOW, "REST listeners, e.g. http://:8083.")
            .define(REST_HOST, Type.STRING, null, Importance.LOW, "Legacy REST host.")
            .define(REST_PORT, Type.INT, 8083, ConfigDef.Range.between(0, 65535), Importance.LOW, "Legacy REST port.")
            .define(CONFIG_PROVIDERS, Type.LIST, List.of(), Importance.LOW, "Names of config providers.")
            .define(
                    TASK_SHUTDOWN_TIMEOUT_MS,
                    Type.LONG,
                    5000L,
                    ConfigDef.Range.atLeast(0),
                    Importance.LOW,
                    "How long a stopping task may take.")
            .define(
                    RESTART_ENABLE,
                    Type.BOOLEAN,
                    true,
                    Importance.MEDIUM,
                    "Restart failed tasks automatically, with exponential backoff.")
            .define(
                    RESTART_BACKOFF_INITIAL_MS,
                    Type.LONG,
                    1000L,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "The wait before the first automatic restart; it doubles with every restart.")
            .define(
                    RESTART_BACKOFF_MAX_MS,
                    Type.LONG,
                    60_000L,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "The longest wait between automatic restarts.");

    private final Map<String, String> originals;

    public WorkerConfig(Map<String, String> props) {
        super(DEF, props, false);
        this.originals = Map.copyOf(props);
    }

    public Map<String, String> raw() {
        return originals;
    }

    public String bootstrapServers() {
        return String.join(",", getList(BOOTSTRAP_SERVERS));
    }

    public List<Path> pluginPath() {
        return getList(PLUGIN_PATH).stream()
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(Path::of)
                .toList();
    }

    public Path offsetFile() {
        String f = getString(OFFSET_FILE);
        return f == null || f.isBlank() ? null : Path.of(f);
    }

    public long offsetFlushIntervalMs() {
        return getLong(OFFSET_FLUSH_INTERVAL_MS);
    }

    /** The wait before automatic restart number {@code n + 1}, or -1 when automatic restarts are off. */
    public long restartBackoffMs(int n) {
        if (!getBoolean(RESTART_ENABLE)) {
            return -1;
        }
        long initial = getLong(RESTART_BACKOFF_INITIAL_MS);
        long max = getLong(RESTART_BACKOFF_MAX_MS);
        int shift = Math.min(n, 30);
        long backoff = initial > (max >> shift) ? max : initial << shift;
        return Math.min(backoff, max);
    }

    public long taskShutdownTimeoutMs() {
        return getLong(TASK_SHUTDOWN_TIMEOUT_MS);
    }

    /** The REST host: from the first listener, else {@code rest.host.name}, else all interfaces. */
    public String restHost() {
        List<String> listeners = getList(LISTENERS);
        if (!listeners.isEmpty()) {
            String host = hostPort(listeners.get(0))[0];
            return host.isEmpty() ? "0.0.0.0" : host;
        }
        String h = getString(REST_HOST);
        return h == null || h.isBlank() ? "0.0.0.0" : h;
    }

    public int restPort() {
        List<String> listeners = getList(LISTENERS);
        if (!listeners.isEmpty()) {
            String port = hostPort(listeners.get(0))[1];
            try {
                return Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new org.apache.kafka.common.config.ConfigException(LISTENERS, listeners.get(0), "no port");
            }
        }
        return getInt(REST_PORT);
    }

    private static String[] hostPort(String listener) {
        String s = listener.trim();
        int scheme = s.indexOf("://");
        if (scheme < 0) {
            throw new org.apache.kafka.common.config.ConfigException(LISTENERS, listener, "expected http://host:port");
        }
        String rest = s.substring(scheme + 3);
        int colon = rest.lastIndexOf(':');
        if (colon < 0) {
            throw new org.apache.kafka.common.config.ConfigException(LISTENERS, listener, "expected http://host:port");
        }
        return new String[] {rest.substring(0, colon), rest.substring(colon + 1)};
    }

    /** Settings under a prefix, the prefix stripped ({@code producer.} → producer configs). */
    public Map<String, String> prefixed(String prefix) {
        Map<String, String> out = new HashMap<>();
        originals.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }
}
