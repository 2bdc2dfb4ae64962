package io.runnel.connect.postgres;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * PostgreSQL change data capture from the write-ahead log: logical replication with {@code pgoutput}, events in
 * Debezium's envelope. One task (one replication slot is one ordered stream). See the module README.
 */
public final class PostgresCdcSourceConnector extends SourceConnector {

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        new PostgresCdcConfig(props);
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return PostgresCdcSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(props);
    }

    @Override
    public void stop() {}

    @Override
    public ConfigDef config() {
        return PostgresCdcConfig.DEF;
    }

    @Override
    public String version() {
        return SourceInfo.VERSION;
    }
}
