package io.runnel.protocol.codegen;

import io.runnel.protocol.codegen.FieldType.Kind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes the Java class for one message spec: a final class with a field per spec field, a nested static class
 * per struct, and {@code read(ByteBuf, short)}, {@code write(ByteBuf, short)}, {@code size(short)},
 * {@code equals}, {@code hashCode} and {@code toString}.
 *
 * <p>The wire rules it implements: non-flexible versions prefix strings with an int16 length, bytes, records and
 * arrays with an int32 length, and encode null as -1; flexible versions use an unsigned varint of length + 1 (0
 * for null) and end every struct with a tagged-field section (count, then tag, size, data in ascending tag order).
 * A nullable struct is preceded by an int8 that is -1 for null and 1 otherwise. Fields absent from a version take
 * their default when read and must hold it when written, unless they are ignorable.
 *
 * <p>Not thread-safe; one instance per generated message.
 */
final class MessageGenerator {

    private static final String BUF = "io.netty.buffer.ByteBuf";
    private static final String WIRE = "io.runnel.protocol.Wire";
    private static final String UUID = "io.runnel.common.Uuid";
    private static final String RECORDS = "io.runnel.protocol.record.Records";
    private static final String MEMORY_RECORDS = "io.runnel.protocol.record.MemoryRecords";
    private static final String RAW = "io.runnel.protocol.RawTaggedField";
    private static final String UNSUPPORTED = "io.runnel.protocol.UnsupportedVersionException";
    private static final String DECODE_ERROR = "io.runnel.protocol.MessageDecodeException";

    private final MessageSpec message;
    private final String packageName;
    private final Map<String, StructSpec> structs = new LinkedHashMap<>();
    private final CodeBuffer out = new CodeBuffer();

    MessageGenerator(MessageSpec message, String packageName) {
        this.message = message;
        this.packageName = packageName;
        collectStructs();
    }

    private void collectStructs() {
        Map<String, StructSpec> common = new LinkedHashMap<>();
        for (StructSpec s : message.commonStructs()) {
            common.put(s.name(), s);
        }
        collect(message.fields(), message.validVersions(), common);
        for (StructSpec s : message.commonStructs()) {
            if (!structs.containsKey(s.name())) {
                // An unused common struct is still generated, with its declared versions.
                register(new StructSpec(s.name(), s.versions().intersect(message.validVersions()), s.fields()));
                collect(s.fields(), structs.get(s.name()).versions(), common);
            }
        }
    }

    private void collect(List<FieldSpec> fields, Versions scope, Map<String, StructSpec> common) {
        for (FieldSpec f : fields) {
            String name = f.structName();
            if (name == null) {
                if (!f.fields().isEmpty()) {
                    throw new SpecException(
                            message.name() + ": field " + f.name() + " of type " + f.type() + " declares fields");
                }
                continue;
            }
            Versions fieldScope = f.versions().intersect(scope);
            StructSpec struct;
            if (!f.fields().isEmpty()) {
                struct = new StructSpec(name, fieldScope, f.fields());
            } else if (common.containsKey(name)) {
                StructSpec c = common.get(name);
                struct = new StructSpec(name, c.versions().intersect(message.validVersions()), c.fields());
            } else {
                throw new SpecException(message.name() + ": field " + f.name() + " uses unknown struct " + name);
            }
            if (name.equals(message.className())) {
                throw new SpecException(message.name() + ": struct " + name + " collides with the message class");
            }
            register(struct);
            collect(struct.fields(), structs.get(name).versions(), common);
        }
    }

    private void register(StructSpec struct) {
        StructSpec existing = structs.get(struct.name());
        if (existing == null) {
            structs.put(struct.name(), struct);
            return;
        }
        if (!existing.fields().equals(struct.fields())) {
            throw new SpecException(
                    message.name() + ": struct " + struct.name() + " is declared twice with different fields");
        }
        // Used in two places: generate once, for the union of the versions it can appear in.
        Versions a = existing.versions();
        Versions b = struct.versions();
        Versions union = a.isEmpty()
                ? b
                : b.isEmpty()
                        ? a
                        : new Versions(
                                (short) Math.min(a.lowest(), b.lowest()), (short) Math.max(a.highest(), b.highest()));
        structs.put(struct.name(), new StructSpec(struct.name(), union, struct.fields()));
    }

    String generate() {
        out.line("package " + packageName + ";");
        out.blank();
        out.line("/**");
        out.line(" * The {@code " + message.name() + "} " + message.type() + " of the Kafka protocol, versions "
                + message.validVersions()
                + (message.flexibleVersions().isEmpty() ? "" : " (flexible from " + message.flexibleVersions() + ")")
                + ".");
        out.line(" *");
        out.line(" * <p>Generated by Runnel's protocol-codegen from Kafka's {@code " + message.name()
                + ".json}; do not edit. Instances are mutable and not thread-safe. A message decoded from a buffer");
        out.line(" * keeps slices of that buffer for its record data, so the buffer must outlive the message.");
        out.line(" */");
        boolean api = message.apiKey() != null;
        String iface = api ? "io.runnel.protocol.ApiMessage" : "io.runnel.protocol.Message";
        out.open("public final class " + message.className() + " implements " + iface + " {");
        out.blank();
        if (api) {
            out.line("public static final short API_KEY = " + message.apiKey() + ";");
        }
        out.line("public static final short LOWEST_SUPPORTED_VERSION = "
                + message.validVersions().lowest() + ";");
        out.line("public static final short HIGHEST_SUPPORTED_VERSION = "
                + message.validVersions().highest() + ";");
        out.blank();
        generateStructBody(message.asStruct(), true);
        for (StructSpec s : structs.values()) {
            out.blank();
            out.open("public static final class " + s.name() + " implements io.runnel.protocol.Message {");
            generateStructBody(s, false);
            out.close();
        }
        out.close();
        return out.toString();
    }

    private void generateStructBody(StructSpec struct, boolean topLevel) {
        String cls = struct.name();
        List<FieldSpec> fields = struct.fields();
        for (FieldSpec f : fields) {
            if (!f.about().isEmpty()) {
                out.line("/** " + javadoc(f.about()) + " */");
            }
            out.line("private " + javaType(f) + " " + member(f) + ";");
        }
        out.line("private java.util.List<" + RAW + "> _unknownTaggedFields;");
        out.blank();
        out.open("public " + cls + "() {");
        for (FieldSpec f : fields) {
            out.line("this." + member(f) + " = " + defaultValue(f) + ";");
        }
        out.close();
        out.blank();
        out.line("/** Decodes a " + cls + " of the given version from {@code buf}, advancing its reader index. */");
        out.open("public " + cls + "(" + BUF + " buf, short version) {");
        out.line("read(buf, version);");
        out.close();
        out.blank();
        if (topLevel && message.apiKey() != null) {
            out.line("@Override");
            out.open("public short apiKey() {");
            out.line("return " + message.apiKey() + ";");
            out.close();
            out.blank();
        }
        Versions scope = struct.versions();
        out.line("@Override");
        out.open("public short lowestSupportedVersion() {");
        out.line("return " + (scope.isEmpty() ? 0 : scope.lowest()) + ";");
        out.close();
        out.blank();
        out.line("@Override");
        out.open("public short highestSupportedVersion() {");
        out.line("return " + (scope.isEmpty() ? -1 : scope.highest()) + ";");
        out.close();
        out.blank();
        generateRead(struct);
        out.blank();
        generateWrite(struct);
        out.blank();
        generateSize(struct);
        out.blank();
        out.line("@Override");
        out.open("public java.util.List<" + RAW + "> unknownTaggedFields() {");
        out.open("if (_unknownTaggedFields == null) {");
        out.line("_unknownTaggedFields = new java.util.ArrayList<>(0);");
        out.close();
        out.line("return _unknownTaggedFields;");
        out.close();
        out.blank();
        generateEquals(struct);
        out.blank();
        generateHashCode(struct);
        out.blank();
        generateToString(struct);
        for (FieldSpec f : fields) {
            out.blank();
            if (!f.about().isEmpty()) {
                out.line("/** " + javadoc(f.about()) + " */");
            }
            out.open("public " + javaType(f) + " " + member(f) + "() {");
            out.line("return this." + member(f) + ";");
            out.close();
        }
        for (FieldSpec f : fields) {
            out.blank();
            out.open("public " + cls + " " + setter(f) + "(" + javaType(f) + " v) {");
            if (f.type().isKind(Kind.UINT16)) {
                out.open("if (v < 0 || v > 65535) {");
                out.line("throw new IllegalArgumentException(\"uint16 field " + f.name() + " out of range: \" + v);");
                out.close();
            } else if (f.type().isKind(Kind.UINT32)) {
                out.open("if (v < 0 || v > 4294967295L) {");
                out.line("throw new IllegalArgumentException(\"uint32 field " + f.name() + " out of range: \" + v);");
                out.close();
            }
            out.line("this." + member(f) + " = v;");
            out.line("return this;");
            out.close();
        }
        generateFinders(struct);
    }

    // ---------------------------------------------------------------- read

    private void generateRead(StructSpec struct) {
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
                out.line("this." + member(f) + " = " + defaultValue(f) + ";");
                continue;
            }
            String cond = f.versions().condition("_version", scope);
            if (cond.equals("false")) {
                out.line("this." + member(f) + " = " + defaultValue(f) + ";");
                continue;
            }
            if (!cond.equals("true")) {
                out.open("if " + paren(cond) + " {");
            }
            readValue(f, f.type(), "this." + member(f), scope, false);
            if (!cond.equals("true")) {
                out.close("} else {");
                out.line("    this." + member(f) + " = " + defaultValue(f) + ";");
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
        String flex = tagged ? "true" : flexibleCondition(f, scope);
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

    // ---------------------------------------------------------------- write

    private void generateWrite(StructSpec struct) {
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
                String nonDefault = nonDefault(f);
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
                String c = tcond.equals("true") ? nonDefault(f) : tcond + " && " + paren(nonDefault(f));
                out.open("if " + paren(c) + " {");
                out.line(WIRE + ".writeUnsignedVarint(_buf, " + f.tag() + ");");
                out.line("int _fieldSize = 0;");
                sizeValue(f, f.type(), "this." + member(f), scope, true, "_fieldSize");
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
        out.open("if " + paren(nonDefault(f)) + " {");
        out.line("throw new " + UNSUPPORTED + "(\"Attempted to write a non-default " + f.name()
                + " at version \" + _version);");
        out.close();
    }

    private void writeValue(String buf, FieldSpec f, FieldType type, String value, Versions scope, boolean tagged) {
        String flex = tagged ? "true" : flexibleCondition(f, scope);
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

    // ---------------------------------------------------------------- size

    private void generateSize(StructSpec struct) {
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
                String c = tcond.equals("true") ? nonDefault(f) : tcond + " && " + paren(nonDefault(f));
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

    private void sizeValue(FieldSpec f, FieldType type, String value, Versions scope, boolean tagged, String acc) {
        String flex = tagged ? "true" : flexibleCondition(f, scope);
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

    private static String sizeInBytes(Kind kind, FieldSpec f, String value) {
        if (kind == Kind.RECORDS) {
            return value + ".sizeInBytes()";
        }
        return f.zeroCopy() ? value + ".readableBytes()" : value + ".length";
    }

    // ---------------------------------------------------------------- equals, hashCode, toString

    private void generateEquals(StructSpec struct) {
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

    private void generateHashCode(StructSpec struct) {
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

    private void generateToString(StructSpec struct) {
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

    /** For an array of structs with map-key fields, a lookup by key (a linear scan; arrays are short). */
    private void generateFinders(StructSpec struct) {
        for (FieldSpec f : struct.fields()) {
            if (!(f.type() instanceof FieldType.Array a) || !(a.element() instanceof FieldType.Struct s)) {
                continue;
            }
            StructSpec element = structs.get(s.name());
            List<FieldSpec> keys =
                    element.fields().stream().filter(FieldSpec::mapKey).toList();
            if (keys.isEmpty()) {
                continue;
            }
            out.blank();
            StringBuilder params = new StringBuilder();
            StringBuilder match = new StringBuilder();
            for (FieldSpec k : keys) {
                if (params.length() > 0) {
                    params.append(", ");
                    match.append(" && ");
                }
                params.append(javaType(k)).append(' ').append(member(k));
                if (isJavaPrimitive(k.type())) {
                    match.append("_e.").append(member(k)).append(" == ").append(member(k));
                } else {
                    match.append("java.util.Objects.equals(_e.")
                            .append(member(k))
                            .append(", ")
                            .append(member(k))
                            .append(")");
                }
            }
            out.line("/** The first element of " + member(f) + " with the given key, or null. */");
            out.open("public " + s.name() + " find" + f.name() + "(" + params + ") {");
            out.open("if (this." + member(f) + " == null) {");
            out.line("return null;");
            out.close();
            out.open("for (" + s.name() + " _e : this." + member(f) + ") {");
            out.open("if (" + match + ") {");
            out.line("return _e;");
            out.close();
            out.close();
            out.line("return null;");
            out.close();
        }
    }

    // ---------------------------------------------------------------- types and defaults

    private String flexibleCondition(FieldSpec f, Versions scope) {
        Versions flexible = f.flexibleVersions() != null ? f.flexibleVersions() : message.flexibleVersions();
        return flexible.condition("_version", scope);
    }

    private static List<FieldSpec> taggedFields(StructSpec struct) {
        List<FieldSpec> tagged = new ArrayList<>();
        for (FieldSpec f : struct.fields()) {
            if (f.isTagged()) {
                tagged.add(f);
            }
        }
        tagged.sort(Comparator.comparingInt(FieldSpec::tag));
        for (int i = 1; i < tagged.size(); i++) {
            if (Objects.equals(tagged.get(i).tag(), tagged.get(i - 1).tag())) {
                throw new SpecException(
                        struct.name() + ": duplicate tag " + tagged.get(i).tag());
            }
        }
        return tagged;
    }

    /** A synthetic field describing one element of an array field: never nullable, same zero-copy choice. */
    private static FieldSpec elementField(FieldSpec array) {
        return new FieldSpec(
                array.name(),
                ((FieldType.Array) array.type()).element(),
                array.versions(),
                Versions.NONE,
                array.flexibleVersions(),
                null,
                Versions.NONE,
                null,
                false,
                false,
                array.zeroCopy(),
                "",
                List.of());
    }

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

    private static boolean isJavaPrimitive(FieldType type) {
        if (type instanceof FieldType.Primitive p) {
            return switch (p.kind()) {
                case BOOL, INT8, INT16, UINT16, INT32, UINT32, INT64, FLOAT64 -> true;
                default -> false;
            };
        }
        return false;
    }

    private String javaType(FieldSpec f) {
        FieldType type = f.type();
        if (type instanceof FieldType.Array a) {
            return "java.util.List<" + boxedType(a.element(), f) + ">";
        }
        return scalarType(type, f, false);
    }

    private String boxedType(FieldType type, FieldSpec f) {
        return scalarType(type, f, true);
    }

    private String scalarType(FieldType type, FieldSpec f, boolean boxed) {
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
    private static String unboxed(FieldType type, String var) {
        return var;
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
    private String nonDefault(FieldSpec f) {
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

    private static String javaString(String s) {
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

    private static String javadoc(String about) {
        return about.replace("*/", "*&#47;")
                .replace("@", "&#64;")
                .replace("<", "&lt;")
                .replace(">", "&gt;");
    }

    private static String paren(String cond) {
        return cond.startsWith("(") && cond.endsWith(")") && balanced(cond) ? cond : "(" + cond + ")";
    }

    /** Whether the outer parentheses of {@code s} enclose all of it. */
    private static boolean balanced(String s) {
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth == 0 && i < s.length() - 1) {
                    return false;
                }
            }
        }
        return true;
    }
}
