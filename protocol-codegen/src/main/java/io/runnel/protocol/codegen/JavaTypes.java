package io.runnel.protocol.codegen;

import io.runnel.protocol.codegen.FieldType.Kind;

/**
 * How a spec's names and types become Java: the member and accessor names of a field, the Java type of each
 * {@link FieldType} (primitive, boxed inside lists, {@code ByteBuf} for zero-copy bytes), string literals and
 * javadoc text, and the fully qualified runtime classes the generated code refers to.
 *
 * <p>Stateless; every method is a pure function of its arguments.
 */
final class JavaTypes {

    static final String BUF = "io.netty.buffer.ByteBuf";
    static final String WIRE = "io.runnel.protocol.Wire";
    static final String UUID = "io.runnel.common.Uuid";
    static final String RECORDS = "io.runnel.protocol.record.Records";
    static final String MEMORY_RECORDS = "io.runnel.protocol.record.MemoryRecords";
    static final String RAW = "io.runnel.protocol.RawTaggedField";
    static final String UNSUPPORTED = "io.runnel.protocol.UnsupportedVersionException";
    static final String DECODE_ERROR = "io.runnel.protocol.MessageDecodeException";

    private JavaTypes() {}

    /** {@code setTopicName}; a spec name that starts in lower case ({@code timeoutMs}) is capitalised. */
    static String setter(FieldSpec f) {
        return "set" + Character.toUpperCase(f.name().charAt(0)) + f.name().substring(1);
    }

    static String member(FieldSpec f) {
        String n = f.name();
        // Kafka's names are PascalCase; a leading acronym is lower-cased as a whole ("ISR" style names do not
        // occur, so the first character suffices).
        return Character.toLowerCase(n.charAt(0)) + n.substring(1);
    }

    static boolean isJavaPrimitive(FieldType type) {
        if (type instanceof FieldType.Primitive p) {
            return switch (p.kind()) {
                case BOOL, INT8, INT16, UINT16, INT32, UINT32, INT64, FLOAT64 -> true;
                default -> false;
            };
        }
        return false;
    }

    static String javaType(FieldSpec f) {
        FieldType type = f.type();
        if (type instanceof FieldType.Array a) {
            return "java.util.List<" + boxedType(a.element(), f) + ">";
        }
        return scalarType(type, f, false);
    }

    static String boxedType(FieldType type, FieldSpec f) {
        return scalarType(type, f, true);
    }

    private static String scalarType(FieldType type, FieldSpec f, boolean boxed) {
        if (type instanceof FieldType.Struct s) {
            return s.name();
        }
        if (type instanceof FieldType.Array) {
            throw new SpecException("nested array in " + f.name());
        }
        Kind kind = ((FieldType.Primitive) type).kind();
        return switch (kind) {
            case BOOL -> boxed ? "Boolean" : "boolean";
            case INT8 -> boxed ? "Byte" : "byte";
            case INT16 -> boxed ? "Short" : "short";
            case UINT16, INT32 -> boxed ? "Integer" : "int";
            case UINT32, INT64 -> boxed ? "Long" : "long";
            case FLOAT64 -> boxed ? "Double" : "double";
            case UUID -> UUID;
            case STRING -> "String";
            case BYTES -> f.zeroCopy() ? BUF : "byte[]";
            case RECORDS -> RECORDS;
        };
    }

    /** Array elements are iterated boxed; the unboxing is implicit in Java for every primitive. */
    static String unboxed(FieldType type, String var) {
        return var;
    }

    static String javaString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    static String javadoc(String about) {
        return about.replace("*/", "*&#47;")
                .replace("@", "&#64;")
                .replace("<", "&lt;")
                .replace(">", "&gt;");
    }
}
