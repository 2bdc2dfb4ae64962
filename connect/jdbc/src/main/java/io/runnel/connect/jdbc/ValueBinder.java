package io.runnel.connect.jdbc;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Calendar;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Binds a Connect value to a statement parameter by its schema: logical Decimal, Date, Time and Timestamp first
 * (timestamps in {@code db.timezone}), then the primitive types; structs, maps and arrays have no column and fail
 * naming the field. Stateless.
 */
final class ValueBinder {

    private ValueBinder() {}

    static void bind(PreparedStatement ps, int index, String field, Schema schema, Object value, Calendar calendar)
            throws SQLException {
        String logical = schema.name() == null ? "" : schema.name();
        if (value == null) {
            ps.setNull(index, sqlType(schema, logical, field));
            return;
        }
        switch (logical) {
            case Decimal.LOGICAL_NAME -> ps.setBigDecimal(index, (BigDecimal) value);
            case Date.LOGICAL_NAME ->
                ps.setDate(
                        index,
                        java.sql.Date.valueOf(
                                LocalDate.ofInstant(((java.util.Date) value).toInstant(), ZoneOffset.UTC)));
            case Time.LOGICAL_NAME ->
                ps.setTime(
                        index,
                        java.sql.Time.valueOf(
                                LocalTime.ofInstant(((java.util.Date) value).toInstant(), ZoneOffset.UTC)));
            case Timestamp.LOGICAL_NAME ->
                ps.setTimestamp(
                        index,
                        java.sql.Timestamp.from(Instant.ofEpochMilli(((java.util.Date) value).getTime())),
                        calendar);
            default -> bindPrimitive(ps, index, field, schema, value);
        }
    }

    private static void bindPrimitive(PreparedStatement ps, int index, String field, Schema schema, Object value)
            throws SQLException {
        switch (schema.type()) {
            case INT8 -> ps.setShort(index, (Byte) value);
            case INT16 -> ps.setShort(index, (Short) value);
            case INT32 -> ps.setInt(index, (Integer) value);
            case INT64 -> ps.setLong(index, (Long) value);
            case FLOAT32 -> ps.setFloat(index, (Float) value);
            case FLOAT64 -> ps.setDouble(index, (Double) value);
            case BOOLEAN -> ps.setBoolean(index, (Boolean) value);
            case STRING -> ps.setString(index, (String) value);
            case BYTES -> ps.setBytes(index, value instanceof ByteBuffer b ? bytes(b) : (byte[]) value);
            default -> throw unsupported(field, schema);
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    private static int sqlType(Schema schema, String logical, String field) {
        switch (logical) {
            case Decimal.LOGICAL_NAME:
                return Types.NUMERIC;
            case Date.LOGICAL_NAME:
                return Types.DATE;
            case Time.LOGICAL_NAME:
                return Types.TIME;
            case Timestamp.LOGICAL_NAME:
                return Types.TIMESTAMP;
            default:
                break;
        }
        return switch (schema.type()) {
            case INT8, INT16 -> Types.SMALLINT;
            case INT32 -> Types.INTEGER;
            case INT64 -> Types.BIGINT;
            case FLOAT32 -> Types.REAL;
            case FLOAT64 -> Types.DOUBLE;
            case BOOLEAN -> Types.BOOLEAN;
            case STRING -> Types.VARCHAR;
            case BYTES -> Types.VARBINARY;
            default -> throw unsupported(field, schema);
        };
    }

    private static ConnectException unsupported(String field, Schema schema) {
        return new ConnectException("field " + field + " is a " + schema.type()
                + ", which has no column type; flatten it (e.g. with the Flatten transform) or drop it with "
                + JdbcSinkConfig.FIELDS_WHITELIST);
    }
}
