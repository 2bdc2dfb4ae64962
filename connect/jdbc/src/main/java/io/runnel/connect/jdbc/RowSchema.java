package io.runnel.connect.jdbc;

import java.math.BigDecimal;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * The Connect struct schema of a result set, named after the table (or the topic for a custom query), one field per
 * column, optional where the column is nullable, and the reader that turns the current row into a {@link Struct}.
 *
 * <p>Type mapping: BIT/BOOLEAN → boolean; TINYINT → int8; SMALLINT → int16; INTEGER → int32; BIGINT → int64; REAL →
 * float32; FLOAT/DOUBLE → float64; NUMERIC/DECIMAL → Decimal with its scale and {@code connect.decimal.precision};
 * CHAR/VARCHAR/CLOB and anything unknown (uuid, json, …) → string; BINARY/VARBINARY/BLOB → bytes; DATE → Date; TIME →
 * Time; TIMESTAMP (with or without zone) → Timestamp. Timestamps without zone are read in {@code db.timezone}; dates
 * and times are zone-less (a Connect Date is the UTC midnight of the day, a Time the milliseconds of the day). Immutable once built.
 */
final class RowSchema {

    private enum Kind {
        BOOLEAN,
        INT8,
        INT16,
        INT32,
        INT64,
        FLOAT32,
        FLOAT64,
        DECIMAL,
        STRING,
        BYTES,
        DATE,
        TIME,
        TIMESTAMP
    }

    private final Schema schema;
    private final List<Kind> kinds;
    private final List<Integer> scales;

    private RowSchema(Schema schema, List<Kind> kinds, List<Integer> scales) {
        this.schema = schema;
        this.kinds = kinds;
        this.scales = scales;
    }

    static RowSchema of(String name, ResultSetMetaData meta) throws SQLException {
        SchemaBuilder struct = SchemaBuilder.struct().name(name);
        List<Kind> kinds = new ArrayList<>();
        List<Integer> scales = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            Kind kind = kindOf(meta.getColumnType(i), meta.getColumnTypeName(i));
            int scale = Math.max(0, meta.getScale(i));
            int precision = meta.getPrecision(i);
            SchemaBuilder field =
                    switch (kind) {
                        case BOOLEAN -> SchemaBuilder.bool();
                        case INT8 -> SchemaBuilder.int8();
                        case INT16 -> SchemaBuilder.int16();
                        case INT32 -> SchemaBuilder.int32();
                        case INT64 -> SchemaBuilder.int64();
                        case FLOAT32 -> SchemaBuilder.float32();
                        case FLOAT64 -> SchemaBuilder.float64();
                        case DECIMAL -> {
                            SchemaBuilder decimal = Decimal.builder(scale);
                            if (precision > 0) {
                                decimal.parameter("connect.decimal.precision", Integer.toString(precision));
                            }
                            yield decimal;
                        }
                        case STRING -> SchemaBuilder.string();
                        case BYTES -> SchemaBuilder.bytes();
                        case DATE -> Date.builder();
                        case TIME -> Time.builder();
                        case TIMESTAMP -> Timestamp.builder();
                    };
            if (meta.isNullable(i) != ResultSetMetaData.columnNoNulls) {
                field.optional();
            }
            struct.field(meta.getColumnLabel(i), field.build());
            kinds.add(kind);
            scales.add(scale);
        }
        return new RowSchema(struct.build(), List.copyOf(kinds), List.copyOf(scales));
    }

    private static Kind kindOf(int jdbcType, String typeName) {
        return switch (jdbcType) {
            case Types.BIT, Types.BOOLEAN -> Kind.BOOLEAN;
            case Types.TINYINT -> Kind.INT8;
            case Types.SMALLINT -> Kind.INT16;
            case Types.INTEGER -> Kind.INT32;
            case Types.BIGINT -> Kind.INT64;
            case Types.REAL -> Kind.FLOAT32;
            case Types.FLOAT, Types.DOUBLE -> Kind.FLOAT64;
            case Types.NUMERIC, Types.DECIMAL -> Kind.DECIMAL;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> Kind.BYTES;
            case Types.DATE -> Kind.DATE;
            case Types.TIME, Types.TIME_WITH_TIMEZONE -> Kind.TIME;
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> Kind.TIMESTAMP;
            default -> typeName != null && typeName.equalsIgnoreCase("timestamptz") ? Kind.TIMESTAMP : Kind.STRING;
        };
    }

    Schema schema() {
        return schema;
    }

    /** Reads the current row of {@code rs}; {@code calendar} carries {@code db.timezone}. */
    Struct read(ResultSet rs, Calendar calendar) throws SQLException {
        Struct struct = new Struct(schema);
        for (int i = 0; i < kinds.size(); i++) {
            int column = i + 1;
            Object value =
                    switch (kinds.get(i)) {
                        case BOOLEAN -> rs.getBoolean(column);
                        case INT8 -> rs.getByte(column);
                        case INT16 -> rs.getShort(column);
                        case INT32 -> rs.getInt(column);
                        case INT64 -> rs.getLong(column);
                        case FLOAT32 -> rs.getFloat(column);
                        case FLOAT64 -> rs.getDouble(column);
                        case DECIMAL -> decimal(rs.getBigDecimal(column), scales.get(i));
                        case STRING -> string(rs.getObject(column));
                        case BYTES -> bytes(rs.getObject(column));
                        case DATE -> date(rs.getDate(column));
                        case TIME -> time(rs.getTime(column));
                        case TIMESTAMP -> timestamp(rs.getTimestamp(column, calendar));
                    };
            struct.put(schema.fields().get(i), rs.wasNull() ? null : value);
        }
        return struct;
    }

    private static BigDecimal decimal(BigDecimal value, int scale) {
        return value == null ? null : value.setScale(scale, java.math.RoundingMode.UNNECESSARY);
    }

    private static String string(Object value) throws SQLException {
        if (value instanceof Clob clob) {
            return clob.getSubString(1, (int) clob.length());
        }
        return value == null ? null : value.toString();
    }

    private static byte[] bytes(Object value) throws SQLException {
        if (value instanceof Blob blob) {
            return blob.getBytes(1, (int) blob.length());
        }
        return (byte[]) value;
    }

    private static java.util.Date date(java.sql.Date value) {
        return value == null ? null : new java.util.Date(value.toLocalDate().toEpochDay() * 86_400_000L);
    }

    private static java.util.Date time(java.sql.Time value) {
        return value == null ? null : new java.util.Date(value.toLocalTime().toNanoOfDay() / 1_000_000L);
    }

    private static java.util.Date timestamp(java.sql.Timestamp value) {
        return value == null ? null : new java.util.Date(value.getTime());
    }
}
