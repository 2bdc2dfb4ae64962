package io.runnel.connect.jdbc.dialect;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;

/**
 * What differs between databases: identifier quoting, the column type a Connect schema becomes, the native upsert
 * statement and how the database tells its current time. Implementations are found with {@link java.util.ServiceLoader}
 * (META-INF/services/io.runnel.connect.jdbc.dialect.DatabaseDialect) by {@link DialectFinder}; each is stateless and
 * thread-safe.
 */
public interface DatabaseDialect {

    /** The name {@code dialect.name} selects, e.g. {@code PostgreSqlDatabaseDialect}. */
    String name();

    /** Whether this dialect serves a {@code jdbc:} URL; the generic dialect accepts none and is the fallback. */
    boolean accepts(String jdbcUrl);

    default String quoteCharacter() {
        return "\"";
    }

    /** Quotes one identifier, doubling any quote character inside it. */
    default String quote(String identifier) {
        String q = quoteCharacter();
        return q + identifier.replace(q, q + q) + q;
    }

    /** Quotes a possibly qualified name ({@code schema.table}), part by part. */
    default String quoteQualified(TableId table) {
        return table.parts().stream().map(this::quote).collect(Collectors.joining("."));
    }

    /** The column type for a field of this Connect schema in CREATE TABLE / ALTER TABLE ADD. */
    default String columnType(Schema schema, boolean keyColumn) {
        if (schema.name() != null) {
            switch (schema.name()) {
                case Decimal.LOGICAL_NAME:
                    return decimalType(schema);
                case org.apache.kafka.connect.data.Date.LOGICAL_NAME:
                    return "DATE";
                case org.apache.kafka.connect.data.Time.LOGICAL_NAME:
                    return "TIME";
                case org.apache.kafka.connect.data.Timestamp.LOGICAL_NAME:
                    return "TIMESTAMP";
                default:
                    break;
            }
        }
        return switch (schema.type()) {
            case INT8 -> "SMALLINT";
            case INT16 -> "SMALLINT";
            case INT32 -> "INTEGER";
            case INT64 -> "BIGINT";
            case FLOAT32 -> "REAL";
            case FLOAT64 -> "DOUBLE PRECISION";
            case BOOLEAN -> "BOOLEAN";
            case STRING -> keyColumn ? "VARCHAR(255)" : textType();
            case BYTES -> "BLOB";
            default -> throw new UnsupportedTypeException(schema.type().getName());
        };
    }

    default String textType() {
        return "TEXT";
    }

    /** DECIMAL with the precision the schema carries ({@code connect.decimal.precision}), else the widest. */
    default String decimalType(Schema schema) {
        String scale = schema.parameters().get(Decimal.SCALE_FIELD);
        String precision = schema.parameters().get("connect.decimal.precision");
        return "DECIMAL(" + (precision == null ? "38" : precision) + "," + scale + ")";
    }

    /**
     * The native insert-or-update of one row, or empty when the database has none (the sink then updates and inserts
     * when no row was updated). Columns are already quoted; {@code nonKeyColumns} may be empty.
     */
    Optional<String> upsert(String table, List<String> keyColumns, List<String> nonKeyColumns);

    /**
     * The query that reads the database's current time, the upper bound of timestamp queries; empty when the database
     * has none the driver reads back as an instant (the source then uses its own clock).
     */
    default Optional<String> currentTimeQuery() {
        return Optional.of("SELECT CURRENT_TIMESTAMP");
    }

    /** Thrown when a Connect schema type has no column type in this dialect. */
    final class UnsupportedTypeException extends RuntimeException {
        public UnsupportedTypeException(String type) {
            super("no column type for Connect type " + type);
        }
    }

    /** Joins quoted columns as {@code a = EXCLUDED.a, …}. */
    static String assignments(List<String> columns, String format) {
        return columns.stream().map(c -> format.replace("%c", c)).collect(Collectors.joining(", "));
    }
}
