package io.runnel.connect.jdbc.dialect;

import java.util.List;
import java.util.Optional;
import org.apache.kafka.connect.data.Schema;

/** PostgreSQL: {@code INSERT … ON CONFLICT (key) DO UPDATE}, BYTEA for bytes. */
public final class PostgreSqlDialect implements DatabaseDialect {

    @Override
    public String name() {
        return "PostgreSqlDatabaseDialect";
    }

    @Override
    public boolean accepts(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:postgresql:");
    }

    @Override
    public String columnType(Schema schema, boolean keyColumn) {
        if (schema.name() == null && schema.type() == Schema.Type.BYTES) {
            return "BYTEA";
        }
        if (schema.name() == null && schema.type() == Schema.Type.STRING) {
            return "TEXT";
        }
        return DatabaseDialect.super.columnType(schema, keyColumn);
    }

    @Override
    public Optional<String> upsert(String table, List<String> keyColumns, List<String> nonKeyColumns) {
        return Optional.of(InsertStatement.of(table, keyColumns, nonKeyColumns)
                + " ON CONFLICT (" + String.join(", ", keyColumns) + ") "
                + (nonKeyColumns.isEmpty()
                        ? "DO NOTHING"
                        : "DO UPDATE SET " + DatabaseDialect.assignments(nonKeyColumns, "%c = EXCLUDED.%c")));
    }
}
