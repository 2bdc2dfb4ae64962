package io.runnel.connect.jdbc;

import io.runnel.connect.jdbc.dialect.TableId;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * Writes each {@link #put} in one transaction: consecutive records of the same table and layout form one JDBC batch;
 * any failure rolls the whole put back and fails the task with the cause, so the runtime redelivers the records from
 * the last committed offsets and none is lost or half-written. Runs on the task thread only.
 */
public class JdbcSinkTask extends SinkTask {

    private final Time time;
    private JdbcSinkConfig config;
    private ConnectionSettings settings;
    private Connection connection;
    private Calendar calendar;
    private final Map<TableId, TableWriter> writers = new HashMap<>();

    public JdbcSinkTask() {
        this(Time.SYSTEM);
    }

    JdbcSinkTask(Time time) {
        this.time = time;
    }

    @Override
    public String version() {
        return JdbcSourceConnector.VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        config = new JdbcSinkConfig(props);
        settings = new ConnectionSettings(config);
        calendar = Calendar.getInstance(settings.timeZone());
        connection = settings.open(time);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        try {
            if (connection.isClosed() || !connection.isValid(5)) {
                connection = settings.open(time);
            }
            connection.setAutoCommit(false);
            TableWriter writer = null;
            RecordLayout layout = null;
            List<SinkRecord> run = new ArrayList<>();
            for (SinkRecord record : records) {
                TableId table = TableId.parse(config.tableFor(record.topic()));
                TableWriter next =
                        writers.computeIfAbsent(table, t -> new TableWriter(config, settings.dialect(), calendar, t));
                RecordLayout nextLayout = RecordLayout.of(config, record);
                if (writer != null && (next != writer || !nextLayout.equals(layout))) {
                    writer.write(connection, layout, run);
                    run.clear();
                }
                if (next != writer || !nextLayout.equals(layout)) {
                    next.ensure(connection, nextLayout);
                }
                writer = next;
                layout = nextLayout;
                run.add(record);
            }
            writer.write(connection, layout, run);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollback();
            writers.values().forEach(TableWriter::forget);
            String message = e instanceof SQLException sql ? describe(sql) : e.getMessage();
            throw new ConnectException(
                    "writing " + records.size() + " record(s) to " + settings.url() + " failed and was rolled back: "
                            + message,
                    e);
        }
    }

    private static String describe(SQLException e) {
        SQLException next = e.getNextException();
        return e.getMessage() + (next == null || next.getMessage() == null ? "" : " (" + next.getMessage() + ")");
    }

    private void rollback() {
        try {
            if (connection != null && !connection.isClosed()) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // the transaction dies with the connection
        }
    }

    @Override
    public void stop() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // nothing uncommitted is kept
        }
    }
}
