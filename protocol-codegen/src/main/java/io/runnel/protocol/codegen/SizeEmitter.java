package io.runnel.protocol.codegen;

import static io.runnel.protocol.codegen.JavaTypes.RAW;
import static io.runnel.protocol.codegen.JavaTypes.WIRE;
import static io.runnel.protocol.codegen.JavaTypes.boxedType;
import static io.runnel.protocol.codegen.JavaTypes.member;
import static io.runnel.protocol.codegen.JavaTypes.unboxed;
import static io.runnel.protocol.codegen.WireRules.elementField;
import static io.runnel.protocol.codegen.WireRules.flexibleCondition;
import static io.runnel.protocol.codegen.WireRules.paren;
import static io.runnel.protocol.codegen.WireRules.sizeInBytes;
import static io.runnel.protocol.codegen.WireRules.taggedFields;

import io.runnel.protocol.codegen.FieldType.Kind;

/**
 * Emits a struct's {@code size(short)}: the exact number of bytes {@code write} produces at that version,
 * including length prefixes (int16/int32 or unsigned varint), null markers and the tagged-field section. Also
 * used by {@link WriteEmitter} for the size prefix of each tagged field.
 *
 * <p>Not thread-safe; one instance per generated message, writing into that message's {@link CodeBuffer}.
 */
final class SizeEmitter {

    private final MessageSpec message;
    private final CodeBuffer out;
    private final FieldDefaults defaults;

    SizeEmitter(MessageSpec message, CodeBuffer out, FieldDefaults defaults) {
        this.message = message;
        this.out = out;
        this.defaults = defaults;
    }

    void generateSize(StructSpec struct) {
        out.resetCounter();
        Versions scope = struct.versions();
        out.line("@Override");
        out.open("public int size(short _version) {");
        out.line("int _size = 0;");
        for (FieldSpec f : struct.fields()) {
            if (f.isTagged()) {
                continue;
            }
            String cond = f.versions().condition("_version", scope);
            if (cond.equals("false")) {
                continue;
            }
            if (!cond.equals("true")) {
                out.open("if " + paren(cond) + " {");
            }
            sizeValue(f, f.type(), "this." + member(f), scope, false, "_size");
            if (!cond.equals("true")) {
                out.close();
            }
        }
        String flex = message.flexibleVersions().condition("_version", scope);
        if (!flex.equals("false")) {
            if (!flex.equals("true")) {
                out.open("if " + paren(flex) + " {");
            }
            out.line("int _numTaggedFields = 0;");
            out.open("if (_unknownTaggedFields != null) {");
            out.line("_numTaggedFields += _unknownTaggedFields.size();");
            out.open("for (" + RAW + " _rawField : _unknownTaggedFields) {");
            out.line("_size += " + WIRE + ".sizeOfUnsignedVarint(_rawField.tag());");
            out.line("_size += " + WIRE + ".sizeOfUnsignedVarint(_rawField.size());");
            out.line("_size += _rawField.size();");
            out.close();
            out.close();
            for (FieldSpec f : taggedFields(struct)) {
                String tcond = f.taggedVersions().condition("_version", scope);
                if (tcond.equals("false")) {
                    continue;
                }
                String c =
                        tcond.equals("true") ? defaults.nonDefault(f) : tcond + " && " + paren(defaults.nonDefault(f));
                out.open("if " + paren(c) + " {");
                out.line("_numTaggedFields++;");
                out.line("int _fieldSize = 0;");
                sizeValue(f, f.type(), "this." + member(f), scope, true, "_fieldSize");
                out.line("_size += " + WIRE + ".sizeOfUnsignedVarint(" + f.tag() + ") + " + WIRE
                        + ".sizeOfUnsignedVarint(_fieldSize) + _fieldSize;");
                out.close();
            }
            out.line("_size += " + WIRE + ".sizeOfUnsignedVarint(_numTaggedFields);");
            if (!flex.equals("true")) {
                out.close();
            }
        }
        out.line("return _size;");
        out.close();
    }

    void sizeValue(FieldSpec f, FieldType type, String value, Versions scope, boolean tagged, String acc) {
        String flex = tagged ? "true" : flexibleCondition(message, f, scope);
        String nullable = f.nullableVersions().condition("_version", scope);
        if (type instanceof FieldType.Primitive p) {
            if (!p.kind().isVariableLength()) {
                out.line(acc + " += " + p.kind().fixedSize + ";");
                return;
            }
            String plainPrefix = p.kind() == Kind.STRING ? "2" : "4";
            String len;
            if (p.kind() == Kind.STRING) {
                len = "io.netty.buffer.ByteBufUtil.utf8Bytes(" + value + ")";
            } else {
                len = sizeInBytes(p.kind(), f, value);
            }
            out.open("if (" + value + " == null) {");
            out.line(acc + " += " + nullPrefixSize(flex, plainPrefix) + ";");
            out.close("} else {");
            int n = out.next();
            out.line("    int _l" + n + " = " + len + ";");
            out.line("    " + acc + " += _l" + n + " + " + lengthPrefixSize("_l" + n, flex, plainPrefix) + ";");
            out.line("}");
        } else if (type instanceof FieldType.Struct) {
            if (nullable.equals("false")) {
                out.line(acc + " += " + value + ".size(_version);");
            } else {
                String marker = nullable.equals("true") ? "1" : "(" + nullable + " ? 1 : 0)";
                out.line(acc + " += " + marker + " + (" + value + " == null ? 0 : " + value + ".size(_version));");
            }
        } else if (type instanceof FieldType.Array a) {
            out.open("if (" + value + " == null) {");
            out.line(acc + " += " + nullPrefixSize(flex, "4") + ";");
            out.close("} else {");
            out.line("    " + acc + " += " + lengthPrefixSize(value + ".size()", flex, "4") + ";");
            FieldType element = a.element();
            if (element instanceof FieldType.Primitive ep && !ep.kind().isVariableLength()) {
                out.line("    " + acc + " += " + value + ".size() * " + ep.kind().fixedSize + ";");
            } else {
                int n = out.next();
                String elemType = boxedType(element, f);
                out.line("    for (" + elemType + " _e" + n + " : " + value + ") {");
                out.indentTwice();
                sizeValue(elementField(f), element, unboxed(element, "_e" + n), scope, tagged, acc);
                out.dedentTwice();
                out.line("    }");
            }
            out.line("}");
        }
    }

    private static String nullPrefixSize(String flex, String plainPrefix) {
        return switch (flex) {
            case "true" -> "1";
            case "false" -> plainPrefix;
            default -> "(" + flex + " ? 1 : " + plainPrefix + ")";
        };
    }

    private static String lengthPrefixSize(String len, String flex, String plainPrefix) {
        return switch (flex) {
            case "true" -> WIRE + ".sizeOfUnsignedVarint(" + len + " + 1)";
            case "false" -> plainPrefix;
            default -> "(" + flex + " ? " + WIRE + ".sizeOfUnsignedVarint(" + len + " + 1) : " + plainPrefix + ")";
        };
    }
}
