package io.runnel.connect.postgres;

import io.runnel.connect.postgres.PgOutputMessage.Column;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * The Connect schemas of one captured table, named as Debezium names them: key {@code <prefix>.<schema>.<table>.Key}
 * (the key columns), row {@code ….Value} (every column; optional unless a key column) and the change event envelope
 * {@code ….Envelope}. Built from a pgoutput Relation message while streaming, or from the catalog for the snapshot,
 * with the same columns in the same order, so both give the same schema. Immutable.
 */
final class TableSchema {

    /** What an unchanged TOASTed column that no old image can fill carries (Debezium's placeholder). */
    static final String UNAVAILABLE = "__debezium_unavailable_value";

    final String schemaName;
    final String tableName;
    final String topic;
    final List<Column> columns;
    final Schema keySchema;
    final Schema rowSchema;
    final Schema envelopeSchema;
    private final List<ColumnType> types;

    TableSchema(String prefix, String schemaName, String tableName, List<Column> columns) {
        this.schemaName = schemaName;
        this.tableName = tableName;
        this.topic = prefix + "." + schemaName + "." + tableName;
        this.columns = List.copyOf(columns);
        this.types = columns.stream()
                .map(c -> new ColumnType(c.typeOid(), c.typeModifier()))
                .toList();
        SchemaBuilder key = SchemaBuilder.struct().name(topic + ".Key");
        SchemaBuilder row = SchemaBuilder.struct().name(topic + ".Value");
        boolean anyKey = false;
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            if (c.key()) {
                key.field(c.name(), types.get(i).schema().build());
                row.field(c.name(), types.get(i).schema().build());
                anyKey = true;
            } else {
                row.field(c.name(), types.get(i).schema().optional().build());
            }
        }
        this.keySchema = anyKey ? key.build() : null;
        this.rowSchema = row.optional().build();
        this.envelopeSchema = SchemaBuilder.struct()
                .name(topic + ".Envelope")
                .version(2)
                .field("before", rowSchema)
                .field("after", rowSchema)
                .field("source", SourceInfo.SCHEMA)
                .field("transaction", SourceInfo.TRANSACTION_SCHEMA)
                .field("op", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
                .field("ts_us", Schema.OPTIONAL_INT64_SCHEMA)
                .field("ts_ns", Schema.OPTIONAL_INT64_SCHEMA)
                .build();
    }

    /** The row struct of text values by column index; an unchanged TOAST value comes from {@code previous} if given. */
    Struct row(Function<Integer, PgOutputMessage.Value> valueAt, Struct previous) {
        Struct row = new Struct(rowSchema);
        for (int i = 0; i < columns.size(); i++) {
            PgOutputMessage.Value v = valueAt.apply(i);
            String name = columns.get(i).name();
            if (v.kind() == 'u') {
                if (previous != null) {
                    row.put(name, previous.get(name));
                } else if (rowSchema.field(name).schema().type() == Schema.Type.STRING) {
                    row.put(name, UNAVAILABLE);
                }
                continue;
            }
            row.put(name, types.get(i).value(v.text(), rowSchema.field(name).schema()));
        }
        return row;
    }

    /** The key struct taken from a row, or null for a table without key columns. */
    Struct key(Struct row) {
        if (keySchema == null || row == null) {
            return null;
        }
        Struct key = new Struct(keySchema);
        for (var f : keySchema.fields()) {
            key.put(f.name(), row.get(f.name()));
        }
        return key;
    }

    boolean sameColumns(List<Column> other) {
        return columns.equals(other);
    }
}
