package io.runnel.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.connect.storage.ConfigRecords;
import io.runnel.connect.worker.ConnectorTaskId;
import io.runnel.connect.worker.TargetState;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.storage.KafkaConfigBackingStore;
import org.junit.jupiter.api.Test;

/**
 * Our config- and status-topic records against Apache's connect-runtime as the oracle: the same bytes for the same content,
 * with Apache's schemas and key prefixes, so a cluster's config topic carries over both ways.
 */
class ConnectInternalRecordsOracleTest {

    private final ConfigRecords ours = new ConfigRecords("connect-configs");
    private final JsonConverter apache = new JsonConverter();

    ConnectInternalRecordsOracleTest() {
        apache.configure(Map.of("schemas.enable", "false"), false);
    }

    private byte[] apache(Schema schema, Struct struct) {
        return apache.fromConnectData("connect-configs", schema, struct);
    }

    @Test
    void statusRecordsAreTheBytesApacheWrites() throws Exception {
        // Apache's status schema is private: read it reflectively, as the oracle it is.
        java.lang.reflect.Field f =
                org.apache.kafka.connect.storage.KafkaStatusBackingStore.class.getDeclaredField("STATUS_SCHEMA_V0");
        f.setAccessible(true);
        Schema schema = (Schema) f.get(null);
        byte[] theirs = apache(
                schema,
                new Struct(schema)
                        .put("state", "FAILED")
                        .put("trace", "boom")
                        .put("worker_id", "h:8083")
                        .put("generation", 7)
                        .put("version", "4.3.0"));
        io.runnel.connect.storage.StatusRecords status = new io.runnel.connect.storage.StatusRecords("connect-status");
        var entry = new io.runnel.connect.storage.StatusRecords.Entry(
                io.runnel.connect.worker.State.FAILED, "boom", "h:8083", 7, "4.3.0");
        assertThat(status.encode(entry)).isEqualTo(theirs);
        assertThat(status.decode(theirs)).isEqualTo(entry);
        assertThat(io.runnel.connect.storage.StatusRecords.connectorKey("c"))
                .isEqualTo(org.apache.kafka.connect.storage.KafkaStatusBackingStore.CONNECTOR_STATUS_PREFIX + "c");
        assertThat(io.runnel.connect.storage.StatusRecords.taskKey(new ConnectorTaskId("c", 1)))
                .isEqualTo(org.apache.kafka.connect.storage.KafkaStatusBackingStore.TASK_STATUS_PREFIX + "c-1");
    }

    @Test
    void keysUseApachesPrefixes() {
        assertThat(ConfigRecords.connectorKey("c")).isEqualTo(KafkaConfigBackingStore.CONNECTOR_PREFIX + "c");
        assertThat(ConfigRecords.taskKey(new ConnectorTaskId("c", 2)))
                .isEqualTo(KafkaConfigBackingStore.TASK_PREFIX + "c-2");
        assertThat(ConfigRecords.commitKey("c")).isEqualTo(KafkaConfigBackingStore.COMMIT_TASKS_PREFIX + "c");
        assertThat(ConfigRecords.targetStateKey("c")).isEqualTo(KafkaConfigBackingStore.TARGET_STATE_PREFIX + "c");
        assertThat(ConfigRecords.restartKey("c")).isEqualTo(KafkaConfigBackingStore.RESTART_PREFIX + "c");
    }

    @Test
    void connectorAndTaskConfigurationsAreTheBytesApacheWrites() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("connector.class", "FileStreamSource");
        props.put("topic", "t");
        Schema schema = KafkaConfigBackingStore.CONNECTOR_CONFIGURATION_V0;
        byte[] theirs = apache(schema, new Struct(schema).put("properties", props));
        assertThat(ours.properties(props)).isEqualTo(theirs);
        Schema task = KafkaConfigBackingStore.TASK_CONFIGURATION_V0;
        assertThat(ours.properties(props)).isEqualTo(apache(task, new Struct(task).put("properties", props)));
        assertThat(ours.decode("connector-c", theirs)).isEqualTo(new ConfigRecords.ConnectorConfig("c", props));
        assertThat(ours.decode("task-my-conn-3", theirs))
                .isEqualTo(new ConfigRecords.TaskConfig(new ConnectorTaskId("my-conn", 3), props));
        assertThat(ours.decode("connector-c", null)).isEqualTo(new ConfigRecords.ConnectorConfig("c", null));
    }

    @Test
    void commitsTargetStatesAndRestartsAreTheBytesApacheWrites() {
        Schema commit = KafkaConfigBackingStore.CONNECTOR_TASKS_COMMIT_V0;
        byte[] theirCommit = apache(commit, new Struct(commit).put("tasks", 3));
        assertThat(ours.commit(3)).isEqualTo(theirCommit);
        assertThat(ours.decode("commit-c", theirCommit)).isEqualTo(new ConfigRecords.TaskCommit("c", 3));

        Schema state = KafkaConfigBackingStore.TARGET_STATE_V1;
        byte[] theirStopped =
                apache(state, new Struct(state).put("state", "PAUSED").put("state.v2", "STOPPED"));
        assertThat(ours.targetState(TargetState.STOPPED)).isEqualTo(theirStopped);
        assertThat(ours.decode("target-state-c", theirStopped))
                .isEqualTo(new ConfigRecords.TargetStateChange("c", TargetState.STOPPED));
        Schema v0 = KafkaConfigBackingStore.TARGET_STATE_V0;
        assertThat(ours.decode("target-state-c", apache(v0, new Struct(v0).put("state", "PAUSED"))))
                .isEqualTo(new ConfigRecords.TargetStateChange("c", TargetState.PAUSED));

        Schema restart = KafkaConfigBackingStore.RESTART_REQUEST_V0;
        byte[] theirRestart = apache(
                restart,
                new Struct(restart)
                        .put(KafkaConfigBackingStore.INCLUDE_TASKS_FIELD_NAME, true)
                        .put(KafkaConfigBackingStore.ONLY_FAILED_FIELD_NAME, false));
        assertThat(ours.restart(true, false)).isEqualTo(theirRestart);
        assertThat(ours.decode("restart-connector-c", theirRestart))
                .isEqualTo(new ConfigRecords.RestartRequest("c", true, false));
        assertThat(ours.decode("session-key", new byte[] {'{', '}'}))
                .isEqualTo(new ConfigRecords.Unknown("session-key"));
    }
}
