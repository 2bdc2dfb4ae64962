package io.runnel.metadata;

import io.runnel.common.config.Config;
import io.runnel.common.config.ConfigDef;
import io.runnel.common.config.ConfigException;
import io.runnel.common.config.ConfigType;
import io.runnel.common.config.ConfigValidator;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The metadata quorum's settings, with Kafka's KRaft names so a Kafka user's {@code server.properties} carries over:
 * {@code process.roles}, {@code controller.quorum.voters} ({@code id@host:port,...}), {@code
 * controller.listener.names} naming the listener in {@code listeners} (usually {@code CONTROLLER://host:port})
 * that the controller binds, the election and request timeouts, and where the Raft log lives.
 *
 * <p>{@link #configDef()} holds only the quorum's own keys, for the broker to add to its definition (it already
 * declares {@code node.id} and {@code listeners}); constructing one from properties alone declares those two as the
 * broker does. A node with no voters is not in a quorum ({@link #isQuorum()} false: today's single-node default).
 * Immutable and thread-safe.
 */
public final class QuorumConfig {

    public static final String NODE_ID = "node.id";
    public static final String LISTENERS = "listeners";
    public static final String PROCESS_ROLES = "process.roles";
    public static final String QUORUM_VOTERS = "controller.quorum.voters";
    public static final String CONTROLLER_LISTENER_NAMES = "controller.listener.names";
    public static final String ELECTION_TIMEOUT_MS = "controller.quorum.election.timeout.ms";
    public static final String REQUEST_TIMEOUT_MS = "controller.quorum.request.timeout.ms";
    public static final String METADATA_LOG_DIR = "metadata.log.dir";
    public static final String METADATA_LOG_SEGMENT_BYTES = "metadata.log.segment.bytes";
    public static final String SNAPSHOT_INTERVAL_ENTRIES = "runnel.metadata.snapshot.interval.entries";

    private final Config config;
    private final Map<Integer, InetSocketAddress> voters;
    private final InetSocketAddress controllerAddress;

    /** A fresh definition of the quorum's keys (not {@code node.id} or {@code listeners}). */
    public static ConfigDef configDef() {
        return new ConfigDef()
                .define(
                        PROCESS_ROLES,
                        ConfigType.LIST,
                        "",
                        ConfigValidator.listOf(false, "broker", "controller"),
                        "The roles of this node: broker, controller or both. Empty: a single node with its local"
                                + " metadata log, no quorum.")
                .define(
                        QUORUM_VOTERS,
                        ConfigType.LIST,
                        "",
                        QuorumConfig::validateVoters,
                        "The controller quorum's voters as id@host:port, comma-separated; every node of the cluster"
                                + " lists the same voters.")
                .define(
                        CONTROLLER_LISTENER_NAMES,
                        ConfigType.LIST,
                        "",
                        null,
                        "The names of the listeners the controller serves on; the first is the one it binds, and"
                                + " must be in listeners (for example CONTROLLER://127.0.0.1:9093).")
                .define(
                        ELECTION_TIMEOUT_MS,
                        ConfigType.INT,
                        1000,
                        ConfigValidator.atLeast(10),
                        "How long a voter waits without hearing from a leader before it starts an election; the"
                                + " timeout is drawn between this and twice this.")
                .define(
                        REQUEST_TIMEOUT_MS,
                        ConfigType.INT,
                        2000,
                        ConfigValidator.atLeast(10),
                        "How long a metadata change waits for the quorum before it fails (with NOT_CONTROLLER when no"
                                + " leader can be reached).")
                .define(
                        METADATA_LOG_DIR,
                        ConfigType.STRING,
                        "",
                        null,
                        "The directory of the Raft metadata log and its snapshots; empty: cluster-metadata-raft under"
                                + " the first data directory.")
                .define(
                        METADATA_LOG_SEGMENT_BYTES,
                        ConfigType.INT,
                        8 * 1024 * 1024,
                        ConfigValidator.atLeast(1024),
                        "The size at which the Raft metadata log rolls to a new segment; only whole segments behind"
                                + " a snapshot are purged.")
                .define(
                        SNAPSHOT_INTERVAL_ENTRIES,
                        ConfigType.LONG,
                        10000L,
                        ConfigValidator.atLeast(1),
                        "How many Raft log entries after the last snapshot trigger the next snapshot of the metadata"
                                + " image, after which the log behind it is purged.");
    }

    private static ConfigDef fullDef() {
        return configDef()
                .define(NODE_ID, ConfigType.INT, 1, ConfigValidator.atLeast(0), "The id of this node in the cluster.")
                .define(
                        LISTENERS,
                        ConfigType.STRING,
                        "PLAINTEXT://localhost:9092",
                        "Comma-separated NAME://host:port listeners to bind.");
    }

    /** Parses and checks {@code props} (which may hold other keys too). */
    public QuorumConfig(Map<String, ?> props) {
        this.config = new Config(fullDef(), props, false);
        this.voters = parseVoters(config.getList(QUORUM_VOTERS));
        List<String> roles = config.getList(PROCESS_ROLES);
        if (!roles.isEmpty() && voters.isEmpty()) {
            throw new ConfigException(QUORUM_VOTERS, "", "must list the controller voters when process.roles is set");
        }
        if (roles.isEmpty() && !voters.isEmpty()) {
            throw new ConfigException(
                    PROCESS_ROLES, "", "must be set (broker, controller) when " + QUORUM_VOTERS + " is");
        }
        if (isController()) {
            int nodeId = nodeId();
            InetSocketAddress own = voters.get(nodeId);
            if (own == null) {
                throw new ConfigException(
                        QUORUM_VOTERS,
                        config.get(QUORUM_VOTERS),
                        "node.id " + nodeId + " has the controller role but is not among the voters "
                                + voters.keySet());
            }
            this.controllerAddress = controllerListener(own);
        } else {
            this.controllerAddress = null;
        }
    }

    private InetSocketAddress controllerListener(InetSocketAddress own) {
        List<String> names = config.getList(CONTROLLER_LISTENER_NAMES);
        if (names.isEmpty()) {
            throw new ConfigException(
                    CONTROLLER_LISTENER_NAMES,
                    "",
                    "must name the controller's listener (for"
                            + " example CONTROLLER) when process.roles includes controller");
        }
        String wanted = names.get(0);
        for (String listener : config.getString(LISTENERS).split(",")) {
            String l = listener.trim();
            int sep = l.indexOf("://");
            if (sep < 0 || !l.substring(0, sep).equalsIgnoreCase(wanted)) {
                continue;
            }
            InetSocketAddress address = hostPort(LISTENERS, l.substring(sep + 3));
            if (address.getPort() != own.getPort()) {
                throw new ConfigException(
                        LISTENERS,
                        config.getString(LISTENERS),
                        "the " + wanted + " listener's"
                                + " port " + address.getPort() + " differs from this node's voter entry in "
                                + QUORUM_VOTERS + " (" + own.getHostString() + ":" + own.getPort()
                                + "); other voters reach"
                                + " it there, so they must agree");
            }
            return address;
        }
        throw new ConfigException(
                LISTENERS,
                config.getString(LISTENERS),
                "has no " + wanted + " listener, which " + CONTROLLER_LISTENER_NAMES + " names");
    }

    private static void validateVoters(String name, Object value) {
        parseVoters((List<?>) value);
    }

    private static Map<Integer, InetSocketAddress> parseVoters(List<?> entries) {
        Map<Integer, InetSocketAddress> result = new TreeMap<>();
        for (Object entry : entries) {
            String e = entry.toString().trim();
            int at = e.indexOf('@');
            if (at <= 0) {
                throw new ConfigException(QUORUM_VOTERS, e, "each voter must be id@host:port");
            }
            int id;
            try {
                id = Integer.parseInt(e.substring(0, at));
            } catch (NumberFormatException ex) {
                throw new ConfigException(QUORUM_VOTERS, e, "the voter id before @ must be a number");
            }
            if (id < 0) {
                throw new ConfigException(QUORUM_VOTERS, e, "the voter id must not be negative");
            }
            InetSocketAddress address = hostPort(QUORUM_VOTERS, e.substring(at + 1));
            if (address.getPort() == 0) {
                throw new ConfigException(QUORUM_VOTERS, e, "a voter needs a fixed port, not 0");
            }
            if (result.put(id, address) != null) {
                throw new ConfigException(QUORUM_VOTERS, e, "voter " + id + " is listed twice");
            }
        }
        return result;
    }

    private static InetSocketAddress hostPort(String key, String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new ConfigException(key, hostPort, "expected host:port");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(hostPort.substring(colon + 1));
            if (port < 0 || port > 65535) {
                throw new ConfigException(key, hostPort, "the port must be in 0..65535");
            }
            return InetSocketAddress.createUnresolved(host, port);
        } catch (NumberFormatException ex) {
            throw new ConfigException(key, hostPort, "the port must be a number");
        }
    }

    public int nodeId() {
        return config.getInt(NODE_ID);
    }

    /** Whether this node is part of a Raft quorum at all (voters are configured). */
    public boolean isQuorum() {
        return !voters.isEmpty();
    }

    public boolean isController() {
        return config.getList(PROCESS_ROLES).contains("controller");
    }

    public boolean isBroker() {
        return config.getList(PROCESS_ROLES).contains("broker");
    }

    /** The voters by node id, in id order. */
    public Map<Integer, InetSocketAddress> voters() {
        return new LinkedHashMap<>(voters);
    }

    /** Where this controller binds (its CONTROLLER listener); null when it is not a controller. */
    public InetSocketAddress controllerAddress() {
        return controllerAddress;
    }

    public int electionTimeoutMs() {
        return config.getInt(ELECTION_TIMEOUT_MS);
    }

    public int requestTimeoutMs() {
        return config.getInt(REQUEST_TIMEOUT_MS);
    }

    /** The configured metadata log directory, or empty for the default under the first data directory. */
    public String metadataLogDir() {
        return config.getString(METADATA_LOG_DIR);
    }

    public int segmentBytes() {
        return config.getInt(METADATA_LOG_SEGMENT_BYTES);
    }

    public long snapshotIntervalEntries() {
        return config.getLong(SNAPSHOT_INTERVAL_ENTRIES);
    }
}
