package io.runnel.connect.postgres;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.errors.DataException;

/**
 * The mapping of a PostgreSQL column type (by OID and type modifier) to a Connect schema, and of its text form (as
 * pgoutput and the snapshot's result sets send it) to a Connect value. The schemas are Debezium's defaults
 * ({@code decimal.handling.mode=precise}, {@code time.precision.mode=adaptive}) so a consumer of Debezium's events
 * reads ours: {@code io.debezium.time.Date} (int32 days), {@code MicroTime} (int64 µs), {@code MicroTimestamp} (int64
 * µs), {@code ZonedTimestamp} (ISO-8601 string), {@code io.debezium.data.Json}, {@code io.debezium.data.Uuid}. An
 * unconstrained {@code numeric} becomes its decimal string (Debezium's VariableScaleDecimal is not done). Any other
 * type is its text form as a string. Immutable.
 */
record ColumnType(int oid, int typeModifier) {

    static final int BOOL = 16,
            BYTEA = 17,
            INT8 = 20,
            INT2 = 21,
            INT4 = 23,
            OID = 26,
            JSON = 114,
            FLOAT4 = 700,
            FLOAT8 = 701,
            DATE = 1082,
            TIME = 1083,
            TIMESTAMP = 1114,
            TIMESTAMPTZ = 1184,
            NUMERIC = 1700,
            UUID = 2950,
            JSONB = 3802;

    private static final DateTimeFormatter PG_TIMESTAMP = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral(' ')
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .toFormatter();
    private static final DateTimeFormatter PG_TIMESTAMPTZ = new DateTimeFormatterBuilder()
            .append(PG_TIMESTAMP)
            .appendPattern("[XXX][XX][X]")
            .toFormatter();
    private static final DateTimeFormatter ISO_ZONED = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .appendPattern("HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd()
            .appendOffsetId()
            .toFormatter();

    /** A schema builder for this type; the caller sets optionality. */
    SchemaBuilder schema() {
        return switch (oid) {
            case BOOL -> SchemaBuilder.bool();
            case INT2 -> SchemaBuilder.int16();
            case INT4 -> SchemaBuilder.int32();
            case INT8, OID -> SchemaBuilder.int64();
            case FLOAT4 -> SchemaBuilder.float32();
            case FLOAT8 -> SchemaBuilder.float64();
            case BYTEA -> SchemaBuilder.bytes();
            case NUMERIC ->
                typeModifier >= 4
                        ? Decimal.builder(scale()).parameter("connect.decimal.precision", String.valueOf(precision()))
                        : SchemaBuilder.string();
            case DATE -> SchemaBuilder.int32().name("io.debezium.time.Date").version(1);
            case TIME ->
                SchemaBuilder.int64().name("io.debezium.time.MicroTime").version(1);
            case TIMESTAMP ->
                SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").version(1);
            case TIMESTAMPTZ ->
                SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").version(1);
            case JSON, JSONB ->
                SchemaBuilder.string().name("io.debezium.data.Json").version(1);
            case UUID -> SchemaBuilder.string().name("io.debezium.data.Uuid").version(1);
            default -> SchemaBuilder.string();
        };
    }

    /** The Connect value of a column's text form; null stays null. */
    Object value(String text, Schema schema) {
        if (text == null) {
            return null;
        }
        try {
            return switch (oid) {
                case BOOL -> text.equals("t") || text.equalsIgnoreCase("true");
                case INT2 -> Short.parseShort(text);
                case INT4 -> Integer.parseInt(text);
                case INT8, OID -> Long.parseLong(text);
                case FLOAT4 -> Float.parseFloat(text);
                case FLOAT8 -> Double.parseDouble(text);
                case BYTEA ->
                    text.startsWith("\\x") ? HexFormat.of().parseHex(text, 2, text.length()) : text.getBytes();
                case NUMERIC -> typeModifier >= 4 ? new BigDecimal(text).setScale(scale()) : text;
                case DATE -> (int) LocalDate.parse(text).toEpochDay();
                case TIME -> LocalTime.parse(text).toNanoOfDay() / 1000;
                case TIMESTAMP ->
                    ChronoUnit.MICROS.between(
                            LocalDateTime.of(1970, 1, 1, 0, 0), LocalDateTime.parse(text, PG_TIMESTAMP));
                case TIMESTAMPTZ ->
                    OffsetDateTime.parse(text, PG_TIMESTAMPTZ)
                            .withOffsetSameInstant(ZoneOffset.UTC)
                            .format(ISO_ZONED);
                default -> text;
            };
        } catch (RuntimeException e) {
            throw new DataException(
                    "cannot read '" + text + "' as PostgreSQL type oid " + oid + ": " + e.getMessage(), e);
        }
    }

    private int precision() {
        return ((typeModifier - 4) >> 16) & 0xffff;
    }

    private int scale() {
        return (typeModifier - 4) & 0xffff;
    }
}
