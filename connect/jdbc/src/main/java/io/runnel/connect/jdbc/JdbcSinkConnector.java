package io.runnel.connect.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * The JDBC sink: writes topics' struct records to tables ({@code table.name.format}). It checks the settings and the
 * connection on start, so a wrong password or an unreachable database fails the connector naming the setting; every
 * task gets the same config (the runtime spreads the partitions).
 */
public class JdbcSinkConnector extends SinkConnector {

    private final Time time;
    private Map<String, String> props;

    public JdbcSinkConnector() {
        this(Time.SYSTEM);
    }

    JdbcSinkConnector(Time time) {
        this.time = time;
    }

    @Override
    public String version() {
        return JdbcSourceConnector.VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        JdbcSinkConfig config = new JdbcSinkConfig(props);
        try (Connection ignored = new ConnectionSettings(config).open(time)) {
            // reachable, and the credentials are accepted
        } catch (SQLException e) {
            // closing a connection that worked
        }
    }

    @Override
    public Class<? extends Task> taskClass() {
        return JdbcSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 0; i < maxTasks; i++) {
            configs.add(props);
        }
        return configs;
    }

    @Override
    public void stop() {}

    @Override
    public ConfigDef config() {
        return JdbcSinkConfig.DEF;
    }
}
