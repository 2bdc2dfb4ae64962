package io.runnel.protocol.codegen;

import static io.runnel.protocol.codegen.JavaTypes.BUF;
import static io.runnel.protocol.codegen.JavaTypes.DECODE_ERROR;
import static io.runnel.protocol.codegen.JavaTypes.MEMORY_RECORDS;
import static io.runnel.protocol.codegen.JavaTypes.RECORDS;
import static io.runnel.protocol.codegen.JavaTypes.UNSUPPORTED;
import static io.runnel.protocol.codegen.JavaTypes.UUID;
import static io.runnel.protocol.codegen.JavaTypes.WIRE;
import static io.runnel.protocol.codegen.JavaTypes.boxedType;
import static io.runnel.protocol.codegen.JavaTypes.member;
import static io.runnel.protocol.codegen.WireRules.elementField;
import static io.runnel.protocol.codegen.WireRules.flexibleCondition;
import static io.runnel.protocol.codegen.WireRules.paren;
import static io.runnel.protocol.codegen.WireRules.taggedFields;

import io.runnel.protocol.codegen.FieldType.Kind;

/**
 * Emits a struct's {@code read(ByteBuf, short)}: the regular fields in spec order, each under its version
 * condition (absent fields take their default), then, in flexible versions, the tagged-field section, where a
 * known tag is decoded from a slice of exactly its declared size and an unknown one is kept as a
 * {@link io.runnel.protocol.RawTaggedField}. A truncated buffer becomes a {@code MessageDecodeException}.
 *
 * <p>Not thread-safe; one instance per generated message, writing into that message's {@link CodeBuffer}.
 */
final class ReadEmitter {

    private final MessageSpec message;
    private final CodeBuffer out;
    private final FieldDefaults defaults;

    ReadEmitter(MessageSpec message, CodeBuffer out, FieldDefaults defaults) {
        this.message = message;
        this.out = out;
        this.defaults = defaults;
    }

    void generateRead(StructSpec struct) {
        out.resetCounter();
        Versions scope = struct.versions();
        out.line("@Override");
        out.open("public void read(" + BUF + " _buf, short _version) {");
        out.open("if (_version < " + scope.lowest() + " || _version > " + scope.highest() + ") {");
        out.line("throw new " + UNSUPPORTED + "(\"Can't read version \" + _version + \" of " + struct.name() + "\");");
        out.close();
        out.open("try {");
        out.line("this._unknownTaggedFields = null;");
        for (FieldSpec f : struct.fields()) {
            if (f.isTagged()) {
                out.line("this." + member(f) + " = " + defaults.defaultValue(f) + ";");
                continue;
            }
            String cond = f.versions().condition("_version", scope);
            if (cond.equals("false")) {
                out.line("this." + member(f) + " = " + defaults.defaultValue(f) + ";");
                continue;
            }
            if (!cond.equals("true")) {
                out.open("if " + paren(cond) + " {");
            }
            readValue(f, f.type(), "this." + member(f), scope, false);
            if (!cond.equals("true")) {
                out.close("} else {");
                out.line("    this." + member(f) + " = " + defaults.defaultValue(f) + ";");
                out.line("}");
            }
        }
        String flex = message.flexibleVersions().condition("_version", scope);
        if (!flex.equals("false")) {
            if (!flex.equals("true")) {
                out.open("if " + paren(flex) + " {");
            }
            out.line("int _numTaggedFields = " + WIRE + ".readUnsignedVarint(_buf);");
            out.open("for (int _t = 0; _t < _numTaggedFields; _t++) {");
            out.line("int _tag = " + WIRE + ".readUnsignedVarint(_buf);");
            out.line("int _tagSize = " + WIRE + ".readUnsignedVarint(_buf);");
            out.open("switch (_tag) {");
            for (FieldSpec f : taggedFields(struct)) {
                out.open("case " + f.tag() + ": {");
                String tcond = f.taggedVersions().condition("_version", scope);
                if (tcond.equals("false")) {
                    out.line(WIRE + ".readUnknownTaggedField(_buf, unknownTaggedFields(), _tag, _tagSize);");
                } else {
                    if (!tcond.equals("true")) {
                        out.open("if " + paren(tcond) + " {");
                    }
                    out.line(BUF + " _field = " + WIRE + ".readSlice(_buf, _tagSize);");
                    readValueFrom("_field", f, f.type(), "this." + member(f), scope, true);
                    out.line(WIRE + ".checkFullyRead(_field, \"tagged field " + f.name() + "\");");
                    if (!tcond.equals("true")) {
                        out.close("} else {");
                        out.line("    " + WIRE
                                + ".readUnknownTaggedField(_buf, unknownTaggedFields(), _tag, _tagSize);");
                        out.line("}");
                    }
                }
                out.line("break;");
                out.close();
            }
            out.line("default:");
            out.line("    " + WIRE + ".readUnknownTaggedField(_buf, unknownTaggedFields(), _tag, _tagSize);");
            out.line("    break;");
            out.close();
            out.close();
            if (!flex.equals("true")) {
                out.close();
            }
        }
        out.close("} catch (IndexOutOfBoundsException _e) {");
        out.line("    throw new " + DECODE_ERROR + "(\"truncated " + struct.name() + " at version \" + _version, _e);");
        out.line("}");
        out.close();
    }

    private void readValue(FieldSpec f, FieldType type, String target, Versions scope, boolean tagged) {
        readValueFrom("_buf", f, type, target, scope, tagged);
    }

    /**
     * Emits statements that decode one value of {@code type} from {@code buf} into {@code target}. Inside a tagged
     * field the encoding is always the flexible one.
     */
    private void readValueFrom(String buf, FieldSpec f, FieldType type, String target, Versions scope, boolean tagged) {
        String flex = tagged ? "true" : flexibleCondition(message, f, scope);
        String nullable = f.nullableVersions().condition("_version", scope);
        String name = f.name();
        if (type instanceof FieldType.Primitive p) {
            switch (p.kind()) {
                case BOOL -> out.line(target + " = " + buf + ".readByte() != 0;");
                case INT8 -> out.line(target + " = " + buf + ".readByte();");
                case INT16 -> out.line(target + " = " + buf + ".readShort();");
                case UINT16 -> out.line(target + " = " + buf + ".readUnsignedShort();");
                case INT32 -> out.line(target + " = " + buf + ".readInt();");
                case UINT32 -> out.line(target + " = " + buf + ".readUnsignedInt();");
                case INT64 -> out.line(target + " = " + buf + ".readLong();");
                case FLOAT64 -> out.line(target + " = " + buf + ".readDouble();");
                case UUID -> out.line(target + " = " + WIRE + ".readUuid(" + buf + ");");
                case STRING -> {
                    int n = out.next();
                    String len = "_len" + n;
                    readLength(buf, len, flex, "readShort");
                    out.open("if (" + len + " < 0) {");
                    nullOrError(target, nullable, name);
                    out.close("} else {");
                    out.line("    " + target + " = " + WIRE + ".readString(" + buf + ", " + len + ", \"" + name
                            + "\");");
                    out.line("}");
                }
                case BYTES, RECORDS -> {
                    int n = out.next();
                    String len = "_len" + n;
                    readLength(buf, len, flex, "readInt");
                    out.open("if (" + len + " < 0) {");
                    nullOrError(target, nullable, name);
                    out.close("} else {");
                    String value;
                    if (p.kind() == Kind.RECORDS) {
                        value = "new " + MEMORY_RECORDS + "(" + WIRE + ".readSlice(" + buf + ", " + len + "))";
                    } else if (f.zeroCopy()) {
                        value = WIRE + ".readSlice(" + buf + ", " + len + ")";
                    } else {
                        value = WIRE + ".readBytes(" + buf + ", " + len + ")";
                    }
                    out.line("    " + target + " = " + value + ";");
                    out.line("}");
                }
            }
        } else if (type instanceof FieldType.Struct s) {
            if (nullable.equals("false")) {
                out.line(target + " = new " + s.name() + "(" + buf + ", _version);");
            } else {
                String marker = "_marker" + out.next();
                if (!nullable.equals("true")) {
                    out.open("if " + paren(nullable) + " {");
                }
                out.line("byte " + marker + " = " + buf + ".readByte();");
                out.open("if (" + marker + " < 0) {");
                out.line(target + " = null;");
                out.close("} else {");
                out.line("    " + target + " = new " + s.name() + "(" + buf + ", _version);");
                out.line("}");
                if (!nullable.equals("true")) {
                    out.close("} else {");
                    out.line("    " + target + " = new " + s.name() + "(" + buf + ", _version);");
                    out.line("}");
                }
            }
        } else if (type instanceof FieldType.Array a) {
            int n = out.next();
            String count = "_n" + n;
            readLength(buf, count, flex, "readInt");
            out.open("if (" + count + " < 0) {");
            nullOrError(target, nullable, name);
            out.close("} else {");
            out.line("    " + WIRE + ".checkCount(" + buf + ", " + count + ", \"" + name + "\");");
            String list = "_list" + n;
            String elemType = boxedType(a.element(), f);
            out.line("    java.util.ArrayList<" + elemType + "> " + list + " = new java.util.ArrayList<>(" + count
                    + ");");
            out.line("    for (int _i" + n + " = 0; _i" + n + " < " + count + "; _i" + n + "++) {");
            out.indentTwice();
            String elem = "_e" + n;
            out.line(elemType + " " + elem + ";");
            FieldSpec elementField = elementField(f);
            readValueFrom(buf, elementField, a.element(), elem, scope, tagged);
            out.line(list + ".add(" + elem + ");");
            out.dedentTwice();
            out.line("    }");
            out.line("    " + target + " = " + list + ";");
            out.line("}");
        }
    }

    private void readLength(String buf, String var, String flex, String plainRead) {
        switch (flex) {
            case "true" -> out.line("int " + var + " = " + WIRE + ".readUnsignedVarint(" + buf + ") - 1;");
            case "false" -> out.line("int " + var + " = " + buf + "." + plainRead + "();");
            default ->
                out.line("int " + var + " = " + paren(flex) + " ? " + WIRE + ".readUnsignedVarint(" + buf + ") - 1 : "
                        + buf + "." + plainRead + "();");
        }
    }

    private void nullOrError(String target, String nullable, String name) {
        String error = "throw new " + DECODE_ERROR + "(\"non-nullable field " + name + " was serialized as null\");";
        switch (nullable) {
            case "true" -> out.line(target + " = null;");
            case "false" -> out.line(error);
            default -> {
                out.open("if " + paren(nullable) + " {");
                out.line(target + " = null;");
                out.close("} else {");
                out.line("    " + error);
                out.line("}");
            }
        }
    }
}
