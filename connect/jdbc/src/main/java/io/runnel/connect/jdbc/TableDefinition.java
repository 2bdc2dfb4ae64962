package io.runnel.connect.jdbc;

import io.runnel.connect.jdbc.dialect.TableId;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A table as the database describes it: its name as stored (databases fold unquoted names to upper or lower case), its
 * columns looked up case-insensitively, and its primary key columns. Immutable.
 */
record TableDefinition(TableId id, Map<String, String> columnsByLowerName, List<String> primaryKey) {

    /** Reads the table named {@code wanted}, trying the name as given, upper-cased and lower-cased. */
    static Optional<TableDefinition> read(Connection connection, TableId wanted) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        for (TableId candidate : List.of(wanted, fold(wanted, true), fold(wanted, false))) {
            Map<String, String> columns = new LinkedHashMap<>();
            try (ResultSet rs = meta.getColumns(candidate.catalog(), candidate.schema(), candidate.table(), null)) {
                while (rs.next()) {
                    if (!rs.getString("TABLE_NAME").equals(candidate.table())) {
                        continue; // the name is a LIKE pattern: '_' matches any character
                    }
                    String name = rs.getString("COLUMN_NAME");
                    columns.put(name.toLowerCase(Locale.ROOT), name);
                }
            }
            if (columns.isEmpty()) {
                continue;
            }
            List<String> key = new ArrayList<>();
            try (ResultSet rs = meta.getPrimaryKeys(candidate.catalog(), candidate.schema(), candidate.table())) {
                while (rs.next()) {
                    key.add(rs.getString("COLUMN_NAME"));
                }
            }
            return Optional.of(new TableDefinition(candidate, Map.copyOf(columns), List.copyOf(key)));
        }
        return Optional.empty();
    }

    private static TableId fold(TableId id, boolean upper) {
        java.util.function.UnaryOperator<String> f =
                s -> s == null ? null : upper ? s.toUpperCase(Locale.ROOT) : s.toLowerCase(Locale.ROOT);
        return new TableId(f.apply(id.catalog()), f.apply(id.schema()), f.apply(id.table()));
    }

    /** The stored name of a field's column, or empty when the table has no such column. */
    Optional<String> column(String field) {
        return Optional.ofNullable(columnsByLowerName.get(field.toLowerCase(Locale.ROOT)));
    }
}
