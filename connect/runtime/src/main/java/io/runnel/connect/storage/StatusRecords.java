package io.runnel.connect.storage;

import io.runnel.connect.worker.ConnectorTaskId;
import io.runnel.connect.worker.State;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;

/**
 * The records of a distributed Connect cluster's status topic, in Apache Connect's format: keys
 * {@code status-connector-<c>} and {@code status-task-<c>-<n>}; values schemaless JSON
 * {@code {"state": …, "trace": …|null, "worker_id": "host:port", "generation": <int>, "version": …|null}}
 * ({@code version} is the plugin's version, KIP-891). Nothing writes it yet (no distributed herder). Thread-safe.
 */
public final class StatusRecords {

    public static final String CONNECTOR_PREFIX = "status-connector-";
    public static final String TASK_PREFIX = "status-task-";

    static final Schema STATUS = SchemaBuilder.struct()
            .field("state", Schema.STRING_SCHEMA)
            .field("trace", Schema.OPTIONAL_STRING_SCHEMA)
            .field("worker_id", Schema.STRING_SCHEMA)
            .field("generation", Schema.INT32_SCHEMA)
            .field("version", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    private final JsonConverter converter = new JsonConverter();
    private final String topic;

    public StatusRecords(String topic) {
        this.topic = topic;
        converter.configure(Map.of("schemas.enable", "false"), false);
    }

    /** One status as stored. */
    public record Entry(State state, String trace, String workerId, int generation, String version) {}

    public static String connectorKey(String connector) {
        return CONNECTOR_PREFIX + connector;
    }

    public static String taskKey(ConnectorTaskId id) {
        return TASK_PREFIX + id.connector() + "-" + id.task();
    }

    public byte[] encode(Entry e) {
        Struct s = new Struct(STATUS)
                .put("state", e.state().name())
                .put("trace", e.trace())
                .put("worker_id", e.workerId())
                .put("generation", e.generation())
                .put("version", e.version());
        return converter.fromConnectData(topic, STATUS, s);
    }

    /** Decodes a status value; a malformed one is an {@link IllegalArgumentException}. */
    public Entry decode(byte[] value) {
        SchemaAndValue sv = converter.toConnectData(topic, value);
        if (!(sv.value() instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("a status value must be a JSON object");
        }
        Object state = m.get("state");
        Object generation = m.get("generation");
        if (!(state instanceof String st) || !(generation instanceof Number g)) {
            throw new IllegalArgumentException("a status value needs 'state' and 'generation'");
        }
        return new Entry(
                State.valueOf(st),
                (String) m.get("trace"),
                String.valueOf(m.get("worker_id")),
                g.intValue(),
                m.get("version") == null ? null : String.valueOf(m.get("version")));
    }
}
