package io.runnel.protocol.codegen;

import static io.runnel.protocol.codegen.JavaTypes.WIRE;
import static io.runnel.protocol.codegen.JavaTypes.isJavaPrimitive;
import static io.runnel.protocol.codegen.JavaTypes.member;

import io.runnel.protocol.codegen.FieldType.Kind;

/**
 * Emits a struct's {@code equals}, {@code hashCode} and {@code toString}: value semantics over every field
 * (arrays of bytes by content, doubles by {@code Double.compare}) and the unknown tagged fields.
 *
 * <p>Not thread-safe; one instance per generated message, writing into that message's {@link CodeBuffer}.
 */
final class ObjectMethodsEmitter {

    private final MessageSpec message;
    private final CodeBuffer out;
    private final FieldDefaults defaults;

    ObjectMethodsEmitter(MessageSpec message, CodeBuffer out, FieldDefaults defaults) {
        this.message = message;
        this.out = out;
        this.defaults = defaults;
    }

    void generateEquals(StructSpec struct) {
        out.line("@Override");
        out.open("public boolean equals(Object _obj) {");
        out.open("if (this == _obj) {");
        out.line("return true;");
        out.close();
        out.open("if (!(_obj instanceof " + struct.name() + ")) {");
        out.line("return false;");
        out.close();
        out.line(struct.name() + " _other = (" + struct.name() + ") _obj;");
        for (FieldSpec f : struct.fields()) {
            String a = "this." + member(f);
            String b = "_other." + member(f);
            String eq;
            if (f.type().isKind(Kind.FLOAT64)) {
                eq = "Double.compare(" + a + ", " + b + ") == 0";
            } else if (f.type().isKind(Kind.BYTES) && !f.zeroCopy()) {
                eq = "java.util.Arrays.equals(" + a + ", " + b + ")";
            } else if (isJavaPrimitive(f.type())) {
                eq = a + " == " + b;
            } else {
                eq = "java.util.Objects.equals(" + a + ", " + b + ")";
            }
            out.open("if (!(" + eq + ")) {");
            out.line("return false;");
            out.close();
        }
        out.line("return " + WIRE + ".taggedFieldsEqual(this._unknownTaggedFields, _other._unknownTaggedFields);");
        out.close();
    }

    void generateHashCode(StructSpec struct) {
        out.line("@Override");
        out.open("public int hashCode() {");
        out.line("int _h = 0;");
        for (FieldSpec f : struct.fields()) {
            String a = "this." + member(f);
            String h;
            if (f.type() instanceof FieldType.Primitive p) {
                h = switch (p.kind()) {
                    case BOOL -> "Boolean.hashCode(" + a + ")";
                    case INT8, INT16, UINT16, INT32 -> a;
                    case UINT32, INT64 -> "Long.hashCode(" + a + ")";
                    case FLOAT64 -> "Double.hashCode(" + a + ")";
                    case BYTES ->
                        f.zeroCopy() ? "java.util.Objects.hashCode(" + a + ")" : "java.util.Arrays.hashCode(" + a + ")";
                    default -> "java.util.Objects.hashCode(" + a + ")";
                };
            } else {
                h = "java.util.Objects.hashCode(" + a + ")";
            }
            out.line("_h = 31 * _h + " + h + ";");
        }
        out.line("return _h;");
        out.close();
    }

    void generateToString(StructSpec struct) {
        out.line("@Override");
        out.open("public String toString() {");
        StringBuilder sb = new StringBuilder("return \"" + struct.name() + "(\"");
        boolean first = true;
        for (FieldSpec f : struct.fields()) {
            String a = "this." + member(f);
            String v;
            if (f.type().isKind(Kind.BYTES) && !f.zeroCopy()) {
                v = "java.util.Arrays.toString(" + a + ")";
            } else if (f.type().isKind(Kind.STRING)) {
                v = "(" + a + " == null ? \"null\" : \"'\" + " + a + " + \"'\")";
            } else {
                v = a;
            }
            sb.append("\n                + \"")
                    .append(first ? "" : ", ")
                    .append(member(f))
                    .append("=\" + ")
                    .append(v);
            first = false;
        }
        sb.append("\n                + \")\";");
        out.line(sb.toString());
        out.close();
    }
}
