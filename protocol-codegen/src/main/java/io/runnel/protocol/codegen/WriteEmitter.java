package io.runnel.protocol.codegen;

import static io.runnel.protocol.codegen.JavaTypes.BUF;
import static io.runnel.protocol.codegen.JavaTypes.RECORDS;
import static io.runnel.protocol.codegen.JavaTypes.UNSUPPORTED;
import static io.runnel.protocol.codegen.JavaTypes.UUID;
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
import java.util.List;

/**
 * Emits a struct's {@code write(ByteBuf, short)}: the regular fields in spec order, then, in flexible versions,
 * the tagged fields that hold a non-default value merged in ascending tag order with the unknown ones kept from
 * decoding. A non-ignorable field that the version cannot carry must hold its default, or the write fails with
 * {@code UnsupportedVersionException}.
 *
 * <p>Not thread-safe; one instance per generated message, writing into that message's {@link CodeBuffer}.
 */
final class WriteEmitter {

    private final MessageSpec message;
    private final CodeBuffer out;
    private final FieldDefaults defaults;
    private final SizeEmitter sizes;

    WriteEmitter(MessageSpec message, CodeBuffer out, FieldDefaults defaults, SizeEmitter sizes) {
        this.message = message;
        this.out = out;
        this.defaults = defaults;
        this.sizes = sizes;
    }

    void generateWrite(StructSpec struct) {
        out.resetCounter();
        Versions scope = struct.versions();
        out.line("@Override");
        out.open("public void write(" + BUF + " _buf, short _version) {");
        out.open("if (_version < " + scope.lowest() + " || _version > " + scope.highest() + ") {");
        out.line("throw new " + UNSUPPORTED + "(\"Can't write version \" + _version + \" of " + struct.name() + "\");");
        out.close();
        for (FieldSpec f : struct.fields()) {
            if (f.isTagged()) {
                continue;
            }
            String cond = f.versions().condition("_version", scope);
            if (cond.equals("true")) {
                writeValue("_buf", f, f.type(), "this." + member(f), scope, false);
            } else if (cond.equals("false")) {
                requireDefault(f);
            } else {
                out.open("if " + paren(cond) + " {");
                writeValue("_buf", f, f.type(), "this." + member(f), scope, false);
                if (!f.ignorable()) {
                    out.close("} else {");
                    out.indent();
                    requireDefault(f);
                    out.dedent();
                    out.line("}");
                } else {
                    out.close();
                }
            }
        }
        String flex = message.flexibleVersions().condition("_version", scope);
        List<FieldSpec> tagged = taggedFields(struct);
        if (!flex.equals("false")) {
            if (!flex.equals("true")) {
                out.open("if " + paren(flex) + " {");
            }
            out.line("int _numTaggedFields = _unknownTaggedFields == null ? 0 : _unknownTaggedFields.size();");
            for (FieldSpec f : tagged) {
                String tcond = f.taggedVersions().condition("_version", scope);
                String nonDefault = defaults.nonDefault(f);
                if (tcond.equals("false")) {
                    requireDefault(f);
                    continue;
                }
                if (!tcond.equals("true")) {
                    out.open("if " + paren(tcond) + " {");
                }
                out.open("if " + paren(nonDefault) + " {");
                out.line("_numTaggedFields++;");
                out.close();
                if (!tcond.equals("true")) {
                    if (!f.ignorable()) {
                        out.close("} else {");
                        out.indent();
                        requireDefault(f);
                        out.dedent();
                        out.line("}");
                    } else {
                        out.close();
                    }
                }
            }
            out.line(WIRE + ".writeUnsignedVarint(_buf, _numTaggedFields);");
            out.line("int _raw = 0;");
            for (FieldSpec f : tagged) {
                String tcond = f.taggedVersions().condition("_version", scope);
                if (tcond.equals("false")) {
                    continue;
                }
                out.line(
                        "_raw = " + WIRE + ".writeRawTaggedFields(_buf, _unknownTaggedFields, _raw, " + f.tag() + ");");
                String c =
                        tcond.equals("true") ? defaults.nonDefault(f) : tcond + " && " + paren(defaults.nonDefault(f));
                out.open("if " + paren(c) + " {");
                out.line(WIRE + ".writeUnsignedVarint(_buf, " + f.tag() + ");");
                out.line("int _fieldSize = 0;");
                sizes.sizeValue(f, f.type(), "this." + member(f), scope, true, "_fieldSize");
                out.line(WIRE + ".writeUnsignedVarint(_buf, _fieldSize);");
                writeValue("_buf", f, f.type(), "this." + member(f), scope, true);
                out.close();
            }
            out.line(WIRE + ".writeRawTaggedFields(_buf, _unknownTaggedFields, _raw, Integer.MAX_VALUE);");
            if (!flex.equals("true")) {
                out.close("} else {");
                out.indent();
                rejectTaggedFields(tagged);
                out.dedent();
                out.line("}");
            }
        } else {
            rejectTaggedFields(tagged);
        }
        out.close();
    }

    private void rejectTaggedFields(List<FieldSpec> tagged) {
        out.open("if (_unknownTaggedFields != null && !_unknownTaggedFields.isEmpty()) {");
        out.line("throw new " + UNSUPPORTED + "(\"Tagged fields were set, but version \" + _version"
                + " + \" of this message does not support them.\");");
        out.close();
        for (FieldSpec f : tagged) {
            requireDefault(f);
        }
    }

    private void requireDefault(FieldSpec f) {
        if (f.ignorable()) {
            return;
        }
        out.open("if " + paren(defaults.nonDefault(f)) + " {");
        out.line("throw new " + UNSUPPORTED + "(\"Attempted to write a non-default " + f.name()
                + " at version \" + _version);");
        out.close();
    }

    private void writeValue(String buf, FieldSpec f, FieldType type, String value, Versions scope, boolean tagged) {
        String flex = tagged ? "true" : flexibleCondition(message, f, scope);
        String nullable = f.nullableVersions().condition("_version", scope);
        String name = f.name();
        if (type instanceof FieldType.Primitive p) {
            switch (p.kind()) {
                case BOOL -> out.line(buf + ".writeByte(" + value + " ? 1 : 0);");
                case INT8 -> out.line(buf + ".writeByte(" + value + ");");
                case INT16, UINT16 -> out.line(buf + ".writeShort(" + value + ");");
                case INT32 -> out.line(buf + ".writeInt(" + value + ");");
                case UINT32 -> out.line(buf + ".writeInt((int) " + value + ");");
                case INT64 -> out.line(buf + ".writeLong(" + value + ");");
                case FLOAT64 -> out.line(buf + ".writeDouble(" + value + ");");
                case UUID -> out.line(WIRE + ".writeUuid(" + buf + ", " + value + ");");
                case STRING -> {
                    out.open("if (" + value + " == null) {");
                    writeNull(buf, flex, nullable, name, "writeShort");
                    out.close("} else {");
                    out.line("    " + WIRE + ".writeString(" + buf + ", " + value + ", " + paren(flex) + ");");
                    out.line("}");
                }
                case BYTES, RECORDS -> {
                    out.open("if (" + value + " == null) {");
                    writeNull(buf, flex, nullable, name, "writeInt");
                    out.close("} else {");
                    String len = sizeInBytes(p.kind(), f, value);
                    writeLengthLine(buf, len, flex, "writeInt", "    ");
                    if (p.kind() == Kind.RECORDS) {
                        out.line("    " + value + ".writeTo(" + buf + ");");
                    } else if (f.zeroCopy()) {
                        out.line("    " + buf + ".writeBytes(" + value + ", " + value + ".readerIndex(), " + value
                                + ".readableBytes());");
                    } else {
                        out.line("    " + buf + ".writeBytes(" + value + ");");
                    }
                    out.line("}");
                }
            }
        } else if (type instanceof FieldType.Struct) {
            if (nullable.equals("false")) {
                out.line(value + ".write(" + buf + ", _version);");
            } else {
                if (!nullable.equals("true")) {
                    out.open("if " + paren(nullable) + " {");
                }
                out.open("if (" + value + " == null) {");
                out.line(buf + ".writeByte(-1);");
                out.close("} else {");
                out.line("    " + buf + ".writeByte(1);");
                out.line("    " + value + ".write(" + buf + ", _version);");
                out.line("}");
                if (!nullable.equals("true")) {
                    out.close("} else {");
                    out.line("    " + value + ".write(" + buf + ", _version);");
                    out.line("}");
                }
            }
        } else if (type instanceof FieldType.Array a) {
            out.open("if (" + value + " == null) {");
            writeNull(buf, flex, nullable, name, "writeInt");
            out.close("} else {");
            writeLengthLine(buf, value + ".size()", flex, "writeInt", "    ");
            int n = out.next();
            String elemType = boxedType(a.element(), f);
            out.line("    for (" + elemType + " _e" + n + " : " + value + ") {");
            out.indentTwice();
            writeValue(buf, elementField(f), a.element(), unboxed(a.element(), "_e" + n), scope, tagged);
            out.dedentTwice();
            out.line("    }");
            out.line("}");
        }
    }

    private void writeNull(String buf, String flex, String nullable, String name, String plainWrite) {
        String error = "throw new IllegalArgumentException(\"Field " + name
                + " is null, but it is not nullable in version \" + _version);";
        if (nullable.equals("false")) {
            out.line(error);
            return;
        }
        if (!nullable.equals("true")) {
            out.open("if (!" + paren(nullable) + ") {");
            out.line(error);
            out.close();
        }
        switch (flex) {
            case "true" -> out.line(WIRE + ".writeUnsignedVarint(" + buf + ", 0);");
            case "false" -> out.line(buf + "." + plainWrite + "(-1);");
            default -> {
                out.open("if " + paren(flex) + " {");
                out.line(WIRE + ".writeUnsignedVarint(" + buf + ", 0);");
                out.close("} else {");
                out.line("    " + buf + "." + plainWrite + "(-1);");
                out.line("}");
            }
        }
    }

    private void writeLengthLine(String buf, String len, String flex, String plainWrite, String pad) {
        switch (flex) {
            case "true" -> out.line(pad + WIRE + ".writeUnsignedVarint(" + buf + ", " + len + " + 1);");
            case "false" -> out.line(pad + buf + "." + plainWrite + "(" + len + ");");
            default ->
                out.line(pad + "if " + paren(flex) + " { " + WIRE + ".writeUnsignedVarint(" + buf + ", " + len
                        + " + 1); } else { " + buf + "." + plainWrite + "(" + len + "); }");
        }
    }
}
