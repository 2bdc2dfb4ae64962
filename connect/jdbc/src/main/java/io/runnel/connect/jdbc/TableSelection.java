package io.runnel.connect.jdbc;

import io.runnel.connect.jdbc.dialect.TableId;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Which tables the source reads: the database's tables of {@code table.types} in {@code schema.pattern}, minus
 * system schemas, filtered by {@code table.whitelist}/{@code table.blacklist} (names, {@code table} or {@code
 * schema.table}, case-insensitive) or {@code table.include.list}/{@code table.exclude.list} (regular expressions
 * matched against {@code schema.table} and against the bare name). Immutable.
 */
final class TableSelection {

    private static final Set<String> SYSTEM_SCHEMAS = Set.of("information_schema", "pg_catalog", "pg_toast");

    private final List<String> whitelist;
    private final List<String> blacklist;
    private final List<Pattern> include;
    private final List<Pattern> exclude;
    private final List<String> types;
    private final String schemaPattern;

    TableSelection(JdbcSourceConfig config) {
        this.whitelist = lower(config.getList(JdbcSourceConfig.TABLE_WHITELIST));
        this.blacklist = lower(config.getList(JdbcSourceConfig.TABLE_BLACKLIST));
        this.include = config.getList(JdbcSourceConfig.TABLE_INCLUDE).stream()
                .map(Pattern::compile)
                .toList();
        this.exclude = config.getList(JdbcSourceConfig.TABLE_EXCLUDE).stream()
                .map(Pattern::compile)
                .toList();
        this.types = config.getList(JdbcSourceConfig.TABLE_TYPES).stream()
                .map(t -> t.toUpperCase(Locale.ROOT))
                .toList();
        this.schemaPattern = config.getString(JdbcSourceConfig.SCHEMA_PATTERN);
    }

    private static List<String> lower(List<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
    }

    /** The selected tables, in the database's order. */
    List<TableId> select(Connection connection) throws SQLException {
        List<TableId> all = new ArrayList<>();
        DatabaseMetaData meta = connection.getMetaData();
        try (ResultSet rs = meta.getTables(null, schemaPattern, "%", null)) {
            while (rs.next()) {
                String type = rs.getString("TABLE_TYPE");
                String schema = rs.getString("TABLE_SCHEM");
                if (type == null || !typeSelected(type.toUpperCase(Locale.ROOT))) {
                    continue;
                }
                if (schema != null && SYSTEM_SCHEMAS.contains(schema.toLowerCase(Locale.ROOT))) {
                    continue;
                }
                String name = rs.getString("TABLE_NAME");
                if (name.startsWith("sqlite_")) {
                    continue;
                }
                all.add(new TableId(null, schema, name));
            }
        }
        List<TableId> selected = all.stream().filter(this::selected).toList();
        for (String wanted : whitelist) {
            if (selected.stream().noneMatch(t -> named(t, wanted))) {
                throw new ConnectException("table " + wanted + " named in " + JdbcSourceConfig.TABLE_WHITELIST
                        + " does not exist (tables found: " + all + ")");
            }
        }
        return selected;
    }

    private boolean typeSelected(String type) {
        return types.contains(type) || type.equals("BASE TABLE") && types.contains("TABLE");
    }

    private boolean selected(TableId table) {
        if (!whitelist.isEmpty() && whitelist.stream().noneMatch(w -> named(table, w))) {
            return false;
        }
        if (blacklist.stream().anyMatch(b -> named(table, b))) {
            return false;
        }
        if (!include.isEmpty() && include.stream().noneMatch(p -> matches(table, p))) {
            return false;
        }
        return exclude.stream().noneMatch(p -> matches(table, p));
    }

    private static boolean named(TableId table, String name) {
        return table.table().toLowerCase(Locale.ROOT).equals(name)
                || table.toString().toLowerCase(Locale.ROOT).equals(name);
    }

    private static boolean matches(TableId table, Pattern pattern) {
        return pattern.matcher(table.toString()).matches()
                || pattern.matcher(table.table()).matches();
    }
}
