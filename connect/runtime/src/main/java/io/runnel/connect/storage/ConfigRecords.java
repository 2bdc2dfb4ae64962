package io.runnel.connect.storage;

import io.runnel.connect.worker.ConnectorTaskId;
import io.runnel.connect.worker.TargetState;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;

/**
 * The records of a distributed Connect cluster's config topic, in Apache Connect's format so a cluster can move
 * between Apache's workers and ours in both directions. Keys are strings; values are schemaless JSON written by a
 * {@link JsonConverter} with {@code schemas.enable=false}:
 *
 * <ul>
 *   <li>{@code connector-<c>}: {@code {"properties": {…}}}, the connector's configuration (a null value deletes it);
 *   <li>{@code task-<c>-<n>}: {@code {"properties": {…}}}, one task's configuration;
 *   <li>{@code commit-<c>}: {@code {"tasks": <count>}}, applying the task configurations written before it;
 *   <li>{@code target-state-<c>}: {@code {"state": "RUNNING"|"PAUSED", "state.v2": "RUNNING"|"PAUSED"|"STOPPED"}}
 *       (STOPPED is written as PAUSED in {@code state} for workers that predate it);
 *   <li>{@code restart-connector-<c>}: {@code {"include-tasks": <bool>, "only-failed": <bool>}}.
 * </ul>
 *
 * <p>Not written yet by Runnel (no distributed herder): {@code tasks-fencing-<c>}, {@code session-key},
 * {@code logger-cluster-<ns>}; they decode as {@link Unknown}. Thread-safe.
 */
public final class ConfigRecords {

    public static final String CONNECTOR_PREFIX = "connector-";
    public static final String TASK_PREFIX = "task-";
    public static final String COMMIT_PREFIX = "commit-";
    public static final String TARGET_STATE_PREFIX = "target-state-";
    public static final String RESTART_PREFIX = "restart-connector-";

    static final Schema PROPERTIES = SchemaBuilder.struct()
            .field(
                    "properties",
                    SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA)
                            .build())
            .build();
    static final Schema COMMIT =
            SchemaBuilder.struct().field("tasks", Schema.INT32_SCHEMA).build();
    static final Schema TARGET_STATE = SchemaBuilder.struct()
            .field("state", Schema.STRING_SCHEMA)
            .field("state.v2", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    static final Schema RESTART = SchemaBuilder.struct()
            .field("include-tasks", Schema.BOOLEAN_SCHEMA)
            .field("only-failed", Schema.BOOLEAN_SCHEMA)
            .build();

    private final JsonConverter converter = new JsonConverter();
    private final String topic;

    public ConfigRecords(String topic) {
        this.topic = topic;
        converter.configure(Map.of("schemas.enable", "false"), false);
    }

    /** A decoded config-topic record. */
    public sealed interface Record
            permits ConnectorConfig, TaskConfig, TaskCommit, TargetStateChange, RestartRequest, Unknown {}

    /** A connector's configuration; {@code properties} is null for a deletion (tombstone). */
    public record ConnectorConfig(String connector, Map<String, String> properties) implements Record {}

    public record TaskConfig(ConnectorTaskId task, Map<String, String> properties) implements Record {}

    public record TaskCommit(String connector, int tasks) implements Record {}

    public record TargetStateChange(String connector, TargetState state) implements Record {}

    public record RestartRequest(String connector, boolean includeTasks, boolean onlyFailed) implements Record {}

    /** A key this runtime does not interpret (kept so a migration loses nothing). */
    public record Unknown(String key) implements Record {}

    public static String connectorKey(String connector) {
        return CONNECTOR_PREFIX + connector;
    }

    public static String taskKey(ConnectorTaskId id) {
        return TASK_PREFIX + id.connector() + "-" + id.task();
    }

    public static String commitKey(String connector) {
        return COMMIT_PREFIX + connector;
    }

    public static String targetStateKey(String connector) {
        return TARGET_STATE_PREFIX + connector;
    }

    public static String restartKey(String connector) {
        return RESTART_PREFIX + connector;
    }

    public byte[] properties(Map<String, String> properties) {
        return converter.fromConnectData(topic, PROPERTIES, new Struct(PROPERTIES).put("properties", properties));
    }

    public byte[] commit(int tasks) {
        return converter.fromConnectData(topic, COMMIT, new Struct(COMMIT).put("tasks", tasks));
    }

    public byte[] targetState(TargetState state) {
        String legacy = state == TargetState.STOPPED ? TargetState.PAUSED.name() : state.name();
        Struct s = new Struct(TARGET_STATE).put("state", legacy).put("state.v2", state.name());
        return converter.fromConnectData(topic, TARGET_STATE, s);
    }

    public byte[] restart(boolean includeTasks, boolean onlyFailed) {
        Struct s = new Struct(RESTART).put("include-tasks", includeTasks).put("only-failed", onlyFailed);
        return converter.fromConnectData(topic, RESTART, s);
    }

    public static byte[] key(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    /** Decodes one record of the config topic; a malformed value is an {@link IllegalArgumentException}. */
    public Record decode(String key, byte[] value) {
        Map<String, Object> v = value == null ? null : map(value, key);
        if (key.startsWith(CONNECTOR_PREFIX)) {
            String c = key.substring(CONNECTOR_PREFIX.length());
            return new ConnectorConfig(c, v == null ? null : props(v, key));
        }
        if (key.startsWith(TASK_PREFIX) && v != null) {
            String rest = key.substring(TASK_PREFIX.length());
            int dash = rest.lastIndexOf('-');
            if (dash > 0) {
                try {
                    int n = Integer.parseInt(rest.substring(dash + 1));
                    return new TaskConfig(new ConnectorTaskId(rest.substring(0, dash), n), props(v, key));
                } catch (NumberFormatException e) {
                    return new Unknown(key);
                }
            }
            return new Unknown(key);
        }
        if (key.startsWith(COMMIT_PREFIX) && v != null) {
            Object n = v.get("tasks");
            if (!(n instanceof Number count)) {
                throw new IllegalArgumentException(key + ": 'tasks' must be a number");
            }
            return new TaskCommit(key.substring(COMMIT_PREFIX.length()), count.intValue());
        }
        if (key.startsWith(TARGET_STATE_PREFIX) && v != null) {
            Object state = v.get("state.v2") != null ? v.get("state.v2") : v.get("state");
            try {
                return new TargetStateChange(
                        key.substring(TARGET_STATE_PREFIX.length()), TargetState.valueOf(String.valueOf(state)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": unknown target state " + state, e);
            }
        }
        if (key.startsWith(RESTART_PREFIX) && v != null) {
            return new RestartRequest(
                    key.substring(RESTART_PREFIX.length()),
                    Boolean.TRUE.equals(v.getOrDefault("include-tasks", false)),
                    Boolean.TRUE.equals(v.getOrDefault("only-failed", false)));
        }
        return new Unknown(key);
    }

    private Map<String, Object> map(byte[] value, String key) {
        SchemaAndValue sv = converter.toConnectData(topic, value);
        if (!(sv.value() instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(key + ": the value is not a JSON object");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, x) -> out.put(String.valueOf(k), x));
        return out;
    }

    private static Map<String, String> props(Map<String, Object> v, String key) {
        if (!(v.get("properties") instanceof Map<?, ?> p)) {
            throw new IllegalArgumentException(key + ": 'properties' must be a JSON object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        p.forEach((k, x) -> out.put(String.valueOf(k), x == null ? null : String.valueOf(x)));
        return out;
    }
}
