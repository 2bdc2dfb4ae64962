package io.runnel.connect.jdbc.dialect;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.connect.data.Schema;

/** H2: {@code MERGE INTO … KEY (…) VALUES (…)}. */
public final class H2Dialect implements DatabaseDialect {

    @Override
    public String name() {
        return "H2DatabaseDialect";
    }

    @Override
    public boolean accepts(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:h2:");
    }

    @Override
    public String columnType(Schema schema, boolean keyColumn) {
        if (schema.name() == null && schema.type() == Schema.Type.STRING) {
            return keyColumn ? "VARCHAR(255)" : "CHARACTER VARYING";
        }
        if (schema.name() == null && schema.type() == Schema.Type.BYTES) {
            return "VARBINARY";
        }
        return DatabaseDialect.super.columnType(schema, keyColumn);
    }

    @Override
    public Optional<String> upsert(String table, List<String> keyColumns, List<String> nonKeyColumns) {
        List<String> all = new ArrayList<>(keyColumns);
        all.addAll(nonKeyColumns);
        return Optional.of("MERGE INTO " + table + " (" + String.join(", ", all) + ") KEY ("
                + String.join(", ", keyColumns) + ") VALUES (" + InsertStatement.placeholders(all.size()) + ")");
    }
}
