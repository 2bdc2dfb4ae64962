package io.runnel.connect.jdbc.dialect;

import java.util.List;
import java.util.Optional;
import org.apache.kafka.connect.data.Schema;

/**
 * SQLite: {@code INSERT … ON CONFLICT (key) DO UPDATE} (3.24+). SQLite has no clock of the instant kind the driver
 * reads back, so the upper bound of timestamp queries is the connector's clock; the driver stores timestamps as epoch
 * milliseconds.
 */
public final class SqliteDialect implements DatabaseDialect {

    @Override
    public String name() {
        return "SqliteDatabaseDialect";
    }

    @Override
    public boolean accepts(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:sqlite:");
    }

    /** Back quotes: SQLite reads a double-quoted name that is no column as a string literal. */
    @Override
    public String quoteCharacter() {
        return "`";
    }

    @Override
    public String columnType(Schema schema, boolean keyColumn) {
        if (schema.name() == null) {
            switch (schema.type()) {
                case INT8, INT16, INT32, INT64, BOOLEAN:
                    return "INTEGER";
                case FLOAT32, FLOAT64:
                    return "REAL";
                case STRING:
                    return "TEXT";
                default:
                    break;
            }
        }
        return DatabaseDialect.super.columnType(schema, keyColumn);
    }

    @Override
    public Optional<String> currentTimeQuery() {
        return Optional.empty();
    }

    @Override
    public Optional<String> upsert(String table, List<String> keyColumns, List<String> nonKeyColumns) {
        return Optional.of(InsertStatement.of(table, keyColumns, nonKeyColumns)
                + " ON CONFLICT (" + String.join(", ", keyColumns) + ") "
                + (nonKeyColumns.isEmpty()
                        ? "DO NOTHING"
                        : "DO UPDATE SET " + DatabaseDialect.assignments(nonKeyColumns, "%c = excluded.%c")));
    }
}
