package io.runnel.protocol.codegen;

import static io.runnel.protocol.codegen.JavaTypes.UUID;
import static io.runnel.protocol.codegen.JavaTypes.WIRE;
import static io.runnel.protocol.codegen.JavaTypes.javaString;
import static io.runnel.protocol.codegen.JavaTypes.member;

import io.runnel.protocol.codegen.FieldType.Kind;

/**
 * The default value of each field of one message, as a Java expression, and the test for "this field does not
 * hold its default" that the write path uses for tagged fields and for fields a version cannot carry. A spec
 * default that does not fit its type (out of range, {@code null} for a non-nullable field, a default on an
 * array or struct) is a {@link SpecException} naming the message and the field.
 *
 * <p>Immutable; one instance per generated message.
 */
final class FieldDefaults {

    private final MessageSpec message;

    FieldDefaults(MessageSpec message) {
        this.message = message;
    }

    String defaultValue(FieldSpec f) {
        String d = f.defaultValue();
        FieldType type = f.type();
        boolean nullDefault = "null".equals(d);
        if (nullDefault && !type.canBeNullable()) {
            throw new SpecException(
                    message.name() + ": field " + f.name() + " of type " + type + " cannot default to null");
        }
        if (nullDefault && f.nullableVersions().isEmpty()) {
            throw new SpecException(
                    message.name() + ": field " + f.name() + " defaults to null but is never" + " nullable");
        }
        if (type instanceof FieldType.Array) {
            if (d != null && !nullDefault) {
                throw new SpecException(message.name() + ": array field " + f.name() + " has default " + d);
            }
            return nullDefault ? "null" : "new java.util.ArrayList<>(0)";
        }
        if (type instanceof FieldType.Struct s) {
            if (d != null && !nullDefault) {
                throw new SpecException(message.name() + ": struct field " + f.name() + " has default " + d);
            }
            return nullDefault ? "null" : "new " + s.name() + "()";
        }
        Kind kind = ((FieldType.Primitive) type).kind();
        try {
            return switch (kind) {
                case BOOL -> d == null ? "false" : String.valueOf(Boolean.parseBoolean(requireBoolean(d)));
                case INT8 -> "(byte) " + checkedInteger(d, Byte.MIN_VALUE, Byte.MAX_VALUE);
                case INT16 -> "(short) " + checkedInteger(d, Short.MIN_VALUE, Short.MAX_VALUE);
                case UINT16 -> String.valueOf(checkedInteger(d, 0, 65535));
                case INT32 -> String.valueOf(checkedInteger(d, Integer.MIN_VALUE, Integer.MAX_VALUE));
                case UINT32 -> checkedInteger(d, 0, 4294967295L) + "L";
                case INT64 -> (d == null ? 0L : Long.decode(d)) + "L";
                case FLOAT64 -> d == null ? "0.0" : Double.toString(Double.parseDouble(d));
                case UUID -> d == null || d.isEmpty() ? UUID + ".ZERO_UUID" : UUID + ".fromString(\"" + d + "\")";
                case STRING -> nullDefault ? "null" : d == null ? "\"\"" : javaString(d);
                case BYTES ->
                    nullDefault
                            ? "null"
                            : f.zeroCopy() ? "io.netty.buffer.Unpooled.EMPTY_BUFFER" : WIRE + ".EMPTY_BYTES";
                case RECORDS -> "null";
            };
        } catch (NumberFormatException e) {
            throw new SpecException(message.name() + ": field " + f.name() + " has invalid default " + d);
        }
    }

    /** A Java expression that is true when the field does not hold its default value. */
    String nonDefault(FieldSpec f) {
        String a = "this." + member(f);
        String def = defaultValue(f);
        FieldType type = f.type();
        if (type instanceof FieldType.Array) {
            return def.equals("null") ? a + " != null" : a + " == null || !" + a + ".isEmpty()";
        }
        if (type instanceof FieldType.Struct) {
            return def.equals("null") ? a + " != null" : "!" + def + ".equals(" + a + ")";
        }
        Kind kind = ((FieldType.Primitive) type).kind();
        return switch (kind) {
            case FLOAT64 -> "Double.compare(" + a + ", " + def + ") != 0";
            case BOOL, INT8, INT16, UINT16, INT32, UINT32, INT64 -> a + " != " + def;
            case BYTES ->
                def.equals("null")
                        ? a + " != null"
                        : f.zeroCopy()
                                ? a + " == null || " + a + ".isReadable()"
                                : a + " == null || " + a + ".length != 0";
            case RECORDS -> a + " != null";
            default -> "!java.util.Objects.equals(" + a + ", " + def + ")";
        };
    }

    private static String requireBoolean(String d) {
        if (!d.equals("true") && !d.equals("false")) {
            throw new NumberFormatException(d);
        }
        return d;
    }

    private static long checkedInteger(String d, long min, long max) {
        if (d == null) {
            return 0;
        }
        long v = Long.decode(d);
        if (v < min || v > max) {
            throw new NumberFormatException(d);
        }
        return v;
    }
}
