package io.runnel.connect.jdbc;

import io.runnel.connect.jdbc.dialect.DatabaseDialect;
import io.runnel.connect.jdbc.dialect.InsertStatement;
import io.runnel.connect.jdbc.dialect.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Writes runs of records of one layout to one table: makes sure the table exists and has the columns ({@code
 * auto.create}, {@code auto.evolve}), then inserts, upserts, updates or deletes (tombstones, with {@code
 * delete.enabled}) in JDBC batches. Holds no connection and does not commit: the task owns the transaction. Not
 * thread-safe.
 */
final class TableWriter {

    private final JdbcSinkConfig config;
    private final DatabaseDialect dialect;
    private final Calendar calendar;
    private final TableId tableId;
    private TableDefinition table;

    TableWriter(JdbcSinkConfig config, DatabaseDialect dialect, Calendar calendar, TableId tableId) {
        this.config = config;
        this.dialect = dialect;
        this.calendar = calendar;
        this.tableId = tableId;
    }

    /** Forgets what it knows of the table (after a rolled-back transaction that may have created or altered it). */
    void forget() {
        table = null;
    }

    /** Creates the table or adds columns as the settings allow; fails naming the table, the column, the setting. */
    void ensure(Connection connection, RecordLayout layout) throws SQLException {
        if (table == null) {
            table = TableDefinition.read(connection, tableId).orElse(null);
        }
        if (table == null) {
            if (!config.getBoolean(JdbcSinkConfig.AUTO_CREATE)) {
                throw new ConnectException("table " + tableId + " does not exist; create it or set "
                        + JdbcSinkConfig.AUTO_CREATE + "=true");
            }
            execute(connection, createTable(layout));
            table = TableDefinition.read(connection, tableId)
                    .orElseThrow(() -> new ConnectException("table " + tableId + " was created but cannot be read"));
        }
        List<String> missing = new ArrayList<>();
        for (var column : all(layout).entrySet()) {
            if (table.column(column.getKey()).isEmpty()) {
                missing.add(column.getKey());
            }
        }
        if (!missing.isEmpty()) {
            if (!config.getBoolean(JdbcSinkConfig.AUTO_EVOLVE)) {
                throw new ConnectException("table " + table.id() + " has no column " + String.join(", ", missing)
                        + " for the fields of the records; add it or set " + JdbcSinkConfig.AUTO_EVOLVE + "=true");
            }
            for (String name : missing) {
                Schema schema = all(layout).get(name);
                if (!schema.isOptional() && schema.defaultValue() == null) {
                    throw new ConnectException("cannot add column " + name + " to table " + table.id() + ": the field"
                            + " is required and has no default, and " + JdbcSinkConfig.AUTO_EVOLVE
                            + " only adds nullable columns; make the field optional or add the column by hand");
                }
                execute(
                        connection,
                        "ALTER TABLE " + dialect.quoteQualified(table.id()) + " ADD " + dialect.quote(name) + " "
                                + columnType(schema, false));
            }
            table = TableDefinition.read(connection, table.id()).orElseThrow();
        }
        if (config.insertMode().equals(JdbcSinkConfig.UPSERT)
                && table.primaryKey().isEmpty()) {
            throw new ConnectException(
                    "table " + table.id() + " has no primary key, which " + JdbcSinkConfig.INSERT_MODE
                            + "=upsert needs; add a primary key on "
                            + layout.keyColumns().keySet() + " or use "
                            + JdbcSinkConfig.INSERT_MODE + "=insert");
        }
    }

    private String columnType(Schema schema, boolean key) {
        try {
            return dialect.columnType(schema, key);
        } catch (DatabaseDialect.UnsupportedTypeException e) {
            throw new ConnectException(e.getMessage() + " in table " + tableId, e);
        }
    }

    private static Map<String, Schema> all(RecordLayout layout) {
        Map<String, Schema> all = new java.util.LinkedHashMap<>(layout.keyColumns());
        all.putAll(layout.valueColumns());
        return all;
    }

    private String createTable(RecordLayout layout) {
        List<String> columns = new ArrayList<>();
        layout.keyColumns()
                .forEach((name, schema) ->
                        columns.add(dialect.quote(name) + " " + columnType(schema, true) + " NOT NULL"));
        layout.valueColumns()
                .forEach((name, schema) -> columns.add(dialect.quote(name) + " " + columnType(schema, false)
                        + (schema.isOptional() ? " NULL" : " NOT NULL")));
        if (!layout.keyColumns().isEmpty()) {
            columns.add(
                    "PRIMARY KEY (" + quoted(new ArrayList<>(layout.keyColumns().keySet())) + ")");
        }
        return "CREATE TABLE " + dialect.quoteQualified(tableId) + " (" + String.join(", ", columns) + ")";
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }

    private String quoted(List<String> fields) {
        return fields.stream()
                .map(f -> dialect.quote(table == null ? f : table.column(f).orElse(f)))
                .collect(Collectors.joining(", "));
    }

    private List<String> columns(Iterable<String> fields) {
        List<String> out = new ArrayList<>();
        fields.forEach(f -> out.add(dialect.quote(table.column(f).orElseThrow())));
        return out;
    }

    /** Writes records that all have {@code layout}, in order. */
    void write(Connection connection, RecordLayout layout, List<SinkRecord> records) throws SQLException {
        List<String> keys = columns(layout.keyColumns().keySet());
        List<String> others = columns(layout.valueColumns().keySet());
        String name = dialect.quoteQualified(table.id());
        List<SinkRecord> run = new ArrayList<>();
        Boolean deleting = null;
        for (SinkRecord record : records) {
            boolean delete = record.value() == null;
            if (delete && !config.getBoolean(JdbcSinkConfig.DELETE_ENABLED)) {
                continue; // a tombstone without delete.enabled: nothing to write
            }
            if (deleting != null && deleting != delete) {
                flush(connection, layout, run, deleting, name, keys, others);
                run.clear();
            }
            deleting = delete;
            run.add(record);
        }
        if (!run.isEmpty()) {
            flush(connection, layout, run, deleting, name, keys, others);
        }
    }

    private void flush(
            Connection connection,
            RecordLayout layout,
            List<SinkRecord> run,
            boolean delete,
            String name,
            List<String> keys,
            List<String> others)
            throws SQLException {
        String where = keys.stream().map(k -> k + " = ?").collect(Collectors.joining(" AND "));
        if (delete) {
            batch(connection, "DELETE FROM " + name + " WHERE " + where, run, r -> bindKeys(layout, r));
            return;
        }
        switch (config.insertMode()) {
            case JdbcSinkConfig.INSERT ->
                batch(connection, InsertStatement.of(name, keys, others), run, r -> bindAll(layout, r));
            case JdbcSinkConfig.UPDATE -> {
                if (!others.isEmpty()) {
                    String set = others.stream().map(c -> c + " = ?").collect(Collectors.joining(", "));
                    batch(connection, "UPDATE " + name + " SET " + set + " WHERE " + where, run, r -> {
                        List<Bound> bound = bindOthers(layout, r);
                        bound.addAll(bindKeys(layout, r));
                        return bound;
                    });
                }
            }
            default -> {
                Optional<String> upsert = dialect.upsert(name, keys, others);
                if (upsert.isPresent()) {
                    batch(connection, upsert.get(), run, r -> bindAll(layout, r));
                } else {
                    updateThenInsert(connection, layout, run, name, keys, others, where);
                }
            }
        }
    }

    /** The generic dialect's upsert: update the row, insert it when none was updated. */
    private void updateThenInsert(
            Connection connection,
            RecordLayout layout,
            List<SinkRecord> run,
            String name,
            List<String> keys,
            List<String> others,
            String where)
            throws SQLException {
        String set = others.stream().map(c -> c + " = ?").collect(Collectors.joining(", "));
        String update = others.isEmpty()
                ? "SELECT 1 FROM " + name + " WHERE " + where
                : "UPDATE " + name + " SET " + set + " WHERE " + where;
        try (PreparedStatement up = connection.prepareStatement(update);
                PreparedStatement in = connection.prepareStatement(InsertStatement.of(name, keys, others))) {
            for (SinkRecord record : run) {
                List<Bound> bound = others.isEmpty() ? new ArrayList<>() : bindOthers(layout, record);
                bound.addAll(bindKeys(layout, record));
                apply(up, bound);
                boolean found = others.isEmpty() ? up.executeQuery().next() : up.executeUpdate() > 0;
                if (!found) {
                    apply(in, bindAll(layout, record));
                    in.executeUpdate();
                }
            }
        }
    }

    private record Bound(String field, Schema schema, Object value) {}

    private interface Binding {
        List<Bound> of(SinkRecord record);
    }

    private void batch(Connection connection, String sql, List<SinkRecord> run, Binding binding) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (SinkRecord record : run) {
                apply(ps, binding.of(record));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void apply(PreparedStatement ps, List<Bound> bound) throws SQLException {
        for (int i = 0; i < bound.size(); i++) {
            Bound b = bound.get(i);
            ValueBinder.bind(ps, i + 1, b.field(), b.schema(), b.value(), calendar);
        }
    }

    private List<Bound> bindKeys(RecordLayout layout, SinkRecord record) {
        List<Bound> out = new ArrayList<>();
        List<Object> values = layout.keyValues(config, record);
        int i = 0;
        for (var column : layout.keyColumns().entrySet()) {
            out.add(new Bound(column.getKey(), column.getValue(), values.get(i++)));
        }
        return out;
    }

    private List<Bound> bindOthers(RecordLayout layout, SinkRecord record) {
        List<Bound> out = new ArrayList<>();
        List<Object> values = layout.otherValues(record);
        int i = 0;
        for (var column : layout.valueColumns().entrySet()) {
            out.add(new Bound(column.getKey(), column.getValue(), values.get(i++)));
        }
        return out;
    }

    private List<Bound> bindAll(RecordLayout layout, SinkRecord record) {
        List<Bound> out = bindKeys(layout, record);
        out.addAll(bindOthers(layout, record));
        return out;
    }
}
