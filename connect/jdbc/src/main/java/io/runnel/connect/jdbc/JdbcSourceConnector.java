package io.runnel.connect.jdbc;

import io.runnel.connect.jdbc.dialect.TableId;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * The JDBC source: reads tables (or one custom query) into topics {@code topic.prefix + table}. It checks the
 * connection and the table lists on start, spreads the tables over up to {@code tasks.max} tasks round-robin, and
 * watches for tables created or dropped every {@code table.poll.interval.ms}, asking the runtime to reconfigure the
 * tasks when the selection changes. The watcher is its own thread; {@link #taskConfigs} reads the selection it keeps.
 */
public class JdbcSourceConnector extends SourceConnector {

    static final String VERSION = "0.1.0";

    private final Time time;
    private Map<String, String> props;
    private JdbcSourceConfig config;
    private volatile List<TableId> tables = List.of();
    private Thread watcher;
    private CountDownLatch stopped;

    public JdbcSourceConnector() {
        this(Time.SYSTEM);
    }

    JdbcSourceConnector(Time time) {
        this.time = time;
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        this.config = new JdbcSourceConfig(props);
        ConnectionSettings settings = new ConnectionSettings(config);
        try (Connection connection = settings.open(time)) {
            if (!config.hasQuery()) {
                tables = new TableSelection(config).select(connection);
            }
        } catch (SQLException e) {
            throw new ConnectException("listing the tables of " + settings.url() + " failed: " + e.getMessage(), e);
        }
        stopped = new CountDownLatch(1);
        if (!config.hasQuery()) {
            long interval = config.getLong(JdbcSourceConfig.TABLE_POLL_INTERVAL_MS);
            watcher = new Thread(() -> watch(settings, interval), "jdbc-source-table-watcher");
            watcher.setDaemon(true);
            watcher.start();
        }
    }

    private void watch(ConnectionSettings settings, long intervalMs) {
        TableSelection selection = new TableSelection(config);
        try {
            while (!stopped.await(intervalMs, TimeUnit.MILLISECONDS)) {
                try (Connection connection = settings.open(time)) {
                    List<TableId> now = selection.select(connection);
                    if (!now.equals(tables)) {
                        tables = now;
                        context.requestTaskReconfiguration();
                    }
                } catch (SQLException | ConnectException e) {
                    // the database is away for now; the tasks report it, the next look tries again
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Class<? extends Task> taskClass() {
        return JdbcSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        if (config.hasQuery()) {
            return List.of(props);
        }
        List<TableId> current = tables;
        int groups = Math.min(maxTasks, current.size());
        List<Map<String, String>> configs = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            List<String> names = new ArrayList<>();
            for (int i = g; i < current.size(); i += groups) {
                names.add(current.get(i).toString());
            }
            Map<String, String> task = new HashMap<>(props);
            task.put(JdbcSourceConfig.TASK_TABLES, String.join(",", names));
            configs.add(task);
        }
        return configs;
    }

    @Override
    public void stop() {
        if (stopped != null) {
            stopped.countDown();
        }
        if (watcher != null) {
            try {
                watcher.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public ConfigDef config() {
        return JdbcSourceConfig.DEF;
    }
}
