package io.runnel.connect.jdbc;

import io.runnel.connect.jdbc.dialect.DatabaseDialect;
import io.runnel.connect.jdbc.dialect.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Reads one table (or the custom query) in one mode, a batch at a time, and tracks its offset.
 *
 * <p>Each query run reads rows past the offset and below the upper bound, the database's current time minus {@code
 * timestamp.delay.interval.ms}: incrementing {@code WHERE inc > ? ORDER BY inc}; timestamp {@code WHERE ts > ? AND ts
 * < ? ORDER BY ts}; timestamp+incrementing {@code WHERE ts < ? AND ((ts = ? AND inc > ?) OR ts > ?) ORDER BY ts,
 * inc}; bulk the whole table. The result set stays open across polls until it is exhausted, so {@code batch.max.rows}
 * never cuts a run short and re-querying never skips rows.
 *
 * <p>Offsets: the source partition is {@code {"protocol":"1","table":"<schema.table>"}} or {@code {"query":"query"}},
 * the offset {@code {"incrementing":N,"timestamp":ms,"timestamp_nanos":ns}}. In timestamp mode a record carries the
 * timestamp of the last <em>complete</em> group of equal timestamps (the querier looks one row ahead), so a restart
 * re-reads at most the rows that share the timestamp it was reading and never loses one.
 *
 * <p>Not thread-safe: the task's poll thread owns it.
 */
final class TableQuerier implements AutoCloseable {

    private final DatabaseDialect dialect;
    private final TableId table;
    private final String query;
    private final String topic;
    private final String schemaName;
    private final String mode;
    private final List<String> timestampColumns;
    private final String incrementingColumn;
    private final long delayMs;
    private final Calendar calendar;
    private final Map<String, String> partition;
    private final Time time;

    private Timestamp timestampOffset;
    private Long incrementingOffset;

    private PreparedStatement statement;
    private ResultSet resultSet;
    private RowSchema rowSchema;
    private Row pending;
    private long nextRunMs;

    private record Row(Struct value, Timestamp timestamp, Long incrementing) {}

    TableQuerier(
            JdbcSourceConfig config,
            DatabaseDialect dialect,
            TableId table,
            Map<String, Object> storedOffset,
            Calendar calendar,
            Time time) {
        this.dialect = dialect;
        this.table = table;
        this.query = config.hasQuery() ? config.getString(JdbcSourceConfig.QUERY) : null;
        this.topic = config.getString(JdbcSourceConfig.TOPIC_PREFIX) + (query == null ? table.table() : "");
        this.schemaName = query == null ? table.table() : topic;
        this.mode = config.mode();
        this.timestampColumns = config.getList(JdbcSourceConfig.TIMESTAMP_COLUMN);
        this.incrementingColumn = config.getString(JdbcSourceConfig.INCREMENTING_COLUMN);
        this.delayMs = config.getLong(JdbcSourceConfig.TIMESTAMP_DELAY_MS);
        this.calendar = calendar;
        this.partition = partitionOf(query, table);
        this.time = time;
        if (storedOffset != null && storedOffset.get("timestamp") != null) {
            timestampOffset = new Timestamp(((Number) storedOffset.get("timestamp")).longValue());
            Object nanos = storedOffset.get("timestamp_nanos");
            if (nanos != null) {
                timestampOffset.setNanos(((Number) nanos).intValue());
            }
        } else {
            Long initial = config.getLong(JdbcSourceConfig.TIMESTAMP_INITIAL);
            timestampOffset = initial == null || initial != -1 ? new Timestamp(initial == null ? 0 : initial) : null;
        }
        if (storedOffset != null && storedOffset.get("incrementing") != null) {
            incrementingOffset = ((Number) storedOffset.get("incrementing")).longValue();
        } else {
            incrementingOffset = -1L;
        }
    }

    static Map<String, String> partitionOf(String query, TableId table) {
        return query != null ? Map.of("query", "query") : Map.of("protocol", "1", "table", table.toString());
    }

    Map<String, String> partition() {
        return partition;
    }

    String describe() {
        return query != null ? "query '" + query + "'" : "table " + table;
    }

    long nextRunMs() {
        return nextRunMs;
    }

    boolean running() {
        return resultSet != null;
    }

    /**
     * Returns up to {@code maxRows} records, starting a query run if none is open. When the run is exhausted it
     * closes it and schedules the next run {@code pollIntervalMs} later.
     */
    List<SourceRecord> poll(Connection connection, int maxRows, long pollIntervalMs) throws SQLException {
        if (resultSet == null) {
            start(connection);
        }
        List<SourceRecord> records = new ArrayList<>();
        while (records.size() < maxRows) {
            if (!resultSet.next()) {
                if (pending != null) {
                    records.add(emit(pending, true));
                    pending = null;
                }
                closeRun();
                nextRunMs = time.milliseconds() + pollIntervalMs;
                break;
            }
            Row row = readRow();
            if (mode.equals(JdbcSourceConfig.TIMESTAMP)) {
                if (pending != null) {
                    records.add(emit(pending, row.timestamp().after(pending.timestamp())));
                }
                pending = row;
            } else {
                records.add(emit(row, true));
            }
        }
        return records;
    }

    private void start(Connection connection) throws SQLException {
        String base = query != null ? query : "SELECT * FROM " + dialect.quoteQualified(table);
        String ts = timestampExpression();
        String inc = incrementingColumn.isBlank() ? null : dialect.quote(incrementingColumn);
        String sql =
                switch (mode) {
                    case JdbcSourceConfig.INCREMENTING -> base + " WHERE " + inc + " > ? ORDER BY " + inc + " ASC";
                    case JdbcSourceConfig.TIMESTAMP ->
                        base + " WHERE " + ts + " > ? AND " + ts + " < ? ORDER BY " + ts + " ASC";
                    case JdbcSourceConfig.TIMESTAMP_INCREMENTING ->
                        base + " WHERE " + ts + " < ? AND ((" + ts + " = ? AND " + inc + " > ?) OR " + ts
                                + " > ?) ORDER BY " + ts + " ASC, " + inc + " ASC";
                    default -> base;
                };
        statement = connection.prepareStatement(sql);
        if (mode.equals(JdbcSourceConfig.TIMESTAMP) || mode.equals(JdbcSourceConfig.TIMESTAMP_INCREMENTING)) {
            Timestamp end = new Timestamp(now(connection).getTime() - delayMs);
            if (timestampOffset == null) {
                timestampOffset = end; // timestamp.initial=-1: from now on
            }
            if (mode.equals(JdbcSourceConfig.TIMESTAMP)) {
                statement.setTimestamp(1, timestampOffset, calendar);
                statement.setTimestamp(2, end, calendar);
            } else {
                statement.setTimestamp(1, end, calendar);
                statement.setTimestamp(2, timestampOffset, calendar);
                statement.setLong(3, incrementingOffset);
                statement.setTimestamp(4, timestampOffset, calendar);
            }
        } else if (mode.equals(JdbcSourceConfig.INCREMENTING)) {
            statement.setLong(1, incrementingOffset);
        }
        resultSet = statement.executeQuery();
        rowSchema = RowSchema.of(schemaName, resultSet.getMetaData());
        List<String> needed = new ArrayList<>();
        if (!mode.equals(JdbcSourceConfig.BULK) && !mode.equals(JdbcSourceConfig.INCREMENTING)) {
            needed.addAll(timestampColumns);
        }
        if (!mode.equals(JdbcSourceConfig.BULK) && !mode.equals(JdbcSourceConfig.TIMESTAMP)) {
            needed.add(incrementingColumn);
        }
        for (String column : needed) {
            if (rowSchema.schema().fields().stream().noneMatch(f -> f.name().equalsIgnoreCase(column))) {
                closeRun();
                throw new SQLException("no column " + column + " in the result");
            }
        }
    }

    private Timestamp now(Connection connection) throws SQLException {
        var currentTimeQuery = dialect.currentTimeQuery();
        if (currentTimeQuery.isEmpty()) {
            return new Timestamp(time.milliseconds());
        }
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(currentTimeQuery.get())) {
            rs.next();
            return rs.getTimestamp(1);
        }
    }

    private String timestampExpression() {
        if (timestampColumns.isEmpty()) {
            return null;
        }
        List<String> quoted = timestampColumns.stream().map(dialect::quote).collect(Collectors.toList());
        return quoted.size() == 1 ? quoted.get(0) : "COALESCE(" + String.join(", ", quoted) + ")";
    }

    private Row readRow() throws SQLException {
        Struct value = rowSchema.read(resultSet, calendar);
        Timestamp timestamp = null;
        for (String column : timestampColumns) {
            if (timestamp == null
                    && !mode.equals(JdbcSourceConfig.INCREMENTING)
                    && !mode.equals(JdbcSourceConfig.BULK)) {
                timestamp = resultSet.getTimestamp(column, calendar);
            }
        }
        Long incrementing = null;
        if (!incrementingColumn.isBlank() && !mode.equals(JdbcSourceConfig.BULK)) {
            incrementing = resultSet.getLong(incrementingColumn);
        }
        return new Row(value, timestamp, incrementing);
    }

    /** The record of a row; {@code groupComplete} says no later row shares its timestamp. */
    private SourceRecord emit(Row row, boolean groupComplete) {
        if (row.incrementing() != null) {
            incrementingOffset = row.incrementing();
        }
        if (row.timestamp() != null && groupComplete) {
            timestampOffset = row.timestamp();
        }
        Map<String, Object> offset = new HashMap<>();
        if (row.incrementing() != null) {
            offset.put("incrementing", incrementingOffset);
        }
        if (timestampOffset != null && row.timestamp() != null) {
            offset.put("timestamp", timestampOffset.getTime());
            offset.put("timestamp_nanos", (long) timestampOffset.getNanos());
        }
        return new SourceRecord(
                partition, offset, topic, null, null, null, row.value().schema(), row.value());
    }

    private void closeRun() {
        try {
            if (resultSet != null) {
                resultSet.close();
            }
            if (statement != null) {
                statement.close();
            }
        } catch (SQLException ignored) {
            // closing after the run is over: nothing to lose
        }
        resultSet = null;
        statement = null;
    }

    /** Abandons an open run after a failure; the next poll starts again from the offset of the last record. */
    void reset() {
        closeRun();
        pending = null;
    }

    @Override
    public void close() {
        closeRun();
    }
}
