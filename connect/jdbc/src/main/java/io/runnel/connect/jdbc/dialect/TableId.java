package io.runnel.connect.jdbc.dialect;

import java.util.ArrayList;
import java.util.List;

/**
 * A table name, possibly qualified by catalog and schema ({@code a.b.c}). Immutable.
 *
 * @param catalog may be null
 * @param schema may be null
 * @param table never null
 */
public record TableId(String catalog, String schema, String table) {

    /** Parses {@code table}, {@code schema.table} or {@code catalog.schema.table}. */
    public static TableId parse(String name) {
        String[] parts = name.split("\\.");
        return switch (parts.length) {
            case 1 -> new TableId(null, null, parts[0]);
            case 2 -> new TableId(null, parts[0], parts[1]);
            default -> new TableId(parts[parts.length - 3], parts[parts.length - 2], parts[parts.length - 1]);
        };
    }

    public List<String> parts() {
        List<String> parts = new ArrayList<>(3);
        if (catalog != null) {
            parts.add(catalog);
        }
        if (schema != null) {
            parts.add(schema);
        }
        parts.add(table);
        return parts;
    }

    @Override
    public String toString() {
        return String.join(".", parts());
    }
}
