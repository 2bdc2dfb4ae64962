package io.runnel.connect.jdbc.dialect;

import java.util.List;
import java.util.Optional;
import org.apache.kafka.connect.data.Schema;

/** MySQL and MariaDB: back-quoted identifiers, {@code INSERT … ON DUPLICATE KEY UPDATE}. */
public final class MySqlDialect implements DatabaseDialect {

    @Override
    public String name() {
        return "MySqlDatabaseDialect";
    }

    @Override
    public boolean accepts(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:mysql:") || jdbcUrl.startsWith("jdbc:mariadb:");
    }

    @Override
    public String quoteCharacter() {
        return "`";
    }

    @Override
    public String columnType(Schema schema, boolean keyColumn) {
        if (schema.name() == null && schema.type() == Schema.Type.FLOAT64) {
            return "DOUBLE";
        }
        if (schema.name() != null && schema.name().equals(org.apache.kafka.connect.data.Timestamp.LOGICAL_NAME)) {
            return "DATETIME(3)";
        }
        return DatabaseDialect.super.columnType(schema, keyColumn);
    }

    @Override
    public Optional<String> upsert(String table, List<String> keyColumns, List<String> nonKeyColumns) {
        List<String> updated = nonKeyColumns.isEmpty() ? keyColumns.subList(0, 1) : nonKeyColumns;
        return Optional.of(InsertStatement.of(table, keyColumns, nonKeyColumns) + " ON DUPLICATE KEY UPDATE "
                + DatabaseDialect.assignments(updated, "%c = VALUES(%c)"));
    }
}
