package io.runnel.protocol.codegen;

/** The type of a field as the specs name it: a primitive, an array ({@code []T}) or a struct. */
public sealed interface FieldType permits FieldType.Primitive, FieldType.Array, FieldType.Struct {

    /** The primitive types of the Kafka protocol. */
    enum Kind {
        BOOL("bool", 1),
        INT8("int8", 1),
        INT16("int16", 2),
        UINT16("uint16", 2),
        INT32("int32", 4),
        UINT32("uint32", 4),
        INT64("int64", 8),
        FLOAT64("float64", 8),
        UUID("uuid", 16),
        STRING("string", -1),
        BYTES("bytes", -1),
        RECORDS("records", -1);

        final String specName;
        /** Encoded size in bytes, or -1 for variable-length types. */
        final int fixedSize;

        Kind(String specName, int fixedSize) {
            this.specName = specName;
            this.fixedSize = fixedSize;
        }

        boolean isVariableLength() {
            return fixedSize < 0;
        }
    }

    record Primitive(Kind kind) implements FieldType {}

    record Array(FieldType element) implements FieldType {}

    record Struct(String name) implements FieldType {}

    /** Parses a spec type string such as {@code int32}, {@code []string} or {@code []TopicData}. */
    static FieldType parse(String text) {
        String t = text.trim();
        if (t.startsWith("[]")) {
            FieldType element = parse(t.substring(2));
            if (element instanceof Array) {
                throw new SpecException("nested arrays are not part of the protocol: " + text);
            }
            return new Array(element);
        }
        for (Kind k : Kind.values()) {
            if (k.specName.equals(t)) {
                return new Primitive(k);
            }
        }
        if (t.isEmpty() || !Character.isUpperCase(t.charAt(0))) {
            throw new SpecException("unknown field type: " + text);
        }
        return new Struct(t);
    }

    default boolean isStruct() {
        return this instanceof Struct;
    }

    default boolean isArray() {
        return this instanceof Array;
    }

    default boolean isKind(Kind kind) {
        return this instanceof Primitive p && p.kind() == kind;
    }

    /** Whether a value of this type can be null on the wire (in versions where the field is nullable). */
    default boolean canBeNullable() {
        return this instanceof Array
                || this instanceof Struct
                || isKind(Kind.STRING)
                || isKind(Kind.BYTES)
                || isKind(Kind.RECORDS);
    }
}
