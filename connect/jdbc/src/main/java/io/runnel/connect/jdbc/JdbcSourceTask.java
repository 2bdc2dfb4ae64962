package io.runnel.connect.jdbc;

import io.runnel.connect.jdbc.dialect.TableId;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/**
 * Reads the tables its connector gave it (config {@code tables}), or the custom query, each on its own {@code
 * poll.interval.ms} schedule, resuming every table from its stored offset. {@link #poll} runs on the task thread;
 * {@link #stop} may be called from another: it closes the connection, which ends a running query, and the poll that
 * was running returns nothing.
 */
public class JdbcSourceTask extends SourceTask {

    private static final long MAX_WAIT_SLICE_MS = 100;

    private final Time time;
    private JdbcSourceConfig config;
    private ConnectionSettings settings;
    private Connection connection;
    private final List<TableQuerier> queriers = new ArrayList<>();
    private volatile boolean stopping;

    public JdbcSourceTask() {
        this(Time.SYSTEM);
    }

    JdbcSourceTask(Time time) {
        this.time = time;
    }

    @Override
    public String version() {
        return JdbcSourceConnector.VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        config = new JdbcSourceConfig(props);
        settings = new ConnectionSettings(config);
        connection = settings.open(time);
        Calendar calendar = Calendar.getInstance(settings.timeZone());
        List<TableId> tables = config.hasQuery()
                ? List.of(new TableId(null, null, "query"))
                : config.getList(JdbcSourceConfig.TASK_TABLES).stream()
                        .map(TableId::parse)
                        .toList();
        for (TableId table : tables) {
            String query = config.hasQuery() ? config.getString(JdbcSourceConfig.QUERY) : null;
            Map<String, Object> offset = context.offsetStorageReader().offset(TableQuerier.partitionOf(query, table));
            queriers.add(new TableQuerier(config, settings.dialect(), table, offset, calendar, time));
        }
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (queriers.isEmpty()) {
            time.sleep(MAX_WAIT_SLICE_MS);
            return null;
        }
        TableQuerier next = queriers.stream()
                .min(Comparator.comparingLong(TableQuerier::nextRunMs))
                .orElseThrow();
        long waitMs = next.nextRunMs() - time.milliseconds();
        if (!next.running() && waitMs > 0) {
            time.sleep(Math.min(waitMs, MAX_WAIT_SLICE_MS));
            return null;
        }
        if (stopping) {
            return null;
        }
        try {
            List<SourceRecord> records = next.poll(
                    connection,
                    config.getInt(JdbcSourceConfig.BATCH_MAX_ROWS),
                    config.getLong(JdbcSourceConfig.POLL_INTERVAL_MS));
            return records.isEmpty() ? null : records;
        } catch (SQLException e) {
            next.reset();
            if (stopping) {
                return null; // stop() closed the connection under the running query
            }
            reconnectIfClosed();
            throw new ConnectException(
                    "reading " + next.describe() + " from " + settings.url() + " failed; check "
                            + JdbcSourceConfig.MODE + ", " + JdbcSourceConfig.TIMESTAMP_COLUMN + " and "
                            + JdbcSourceConfig.INCREMENTING_COLUMN + " name existing columns: " + e.getMessage(),
                    e);
        }
    }

    private void reconnectIfClosed() {
        try {
            if (connection.isClosed() || !connection.isValid(5)) {
                connection.close();
                connection = settings.open(time);
            }
        } catch (SQLException | ConnectException ignored) {
            // the next poll fails again with the connection's own message
        }
    }

    @Override
    public void stop() {
        stopping = true;
        for (TableQuerier querier : queriers) {
            querier.close();
        }
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // stopping: nothing left to read
        }
    }
}
