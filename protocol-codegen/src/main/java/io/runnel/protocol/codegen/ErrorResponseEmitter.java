package io.runnel.protocol.codegen;

import static io.runnel.protocol.codegen.JavaTypes.member;
import static io.runnel.protocol.codegen.JavaTypes.setter;
import static io.runnel.protocol.codegen.WireRules.paren;

import io.runnel.protocol.codegen.FieldType.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Emits a request's {@code errorResponse(short version, short errorCode, String errorMessage)}: the response in
 * which the whole request failed with one error. It is derived from the two specs alone, by these rules:
 *
 * <ul>
 *   <li>Every {@code ErrorCode} (and AddPartitionsToTxn's {@code PartitionErrorCode}) the version carries, at the
 *       top level and in every item, holds the code; every {@code ErrorMessage} holds the message ({@code ""} for
 *       a null message where the version cannot carry null).
 *   <li>A response array whose elements carry an error code somewhere gets one element per item of the request
 *       array it answers, in request order: the request array at the same depth whose elements share an
 *       identity field (below) with the response's ({@code Topics} → {@code Responses} by {@code Name} or
 *       {@code TopicId}); or
 *       a request array of strings or ints named after the element's first field of that type ({@code GroupIds}
 *       → {@code GroupId}, {@code PartitionIndexes} → {@code PartitionIndex}, {@code TopicNames} → {@code Name});
 *       or, for results that carry nothing but an error, the request's only array, by position
 *       ({@code CreateAcls}). Each source is guarded by the versions both carry, so {@code DeleteTopics} answers
 *       {@code TopicNames} before v6 and {@code Topics} from v6; where two would answer the same version, the
 *       first in the request wins (Fetch answers {@code Topics}, not {@code ForgottenTopicsData}).
 *   <li>An item copies its identity from its request item: scalar fields of the same name and type (or the same
 *       name with or without {@code Index}: Fetch's {@code Partition} → {@code PartitionIndex}) that are
 *       strings, uuids, ints named {@code *Index}, {@code *Id}, {@code *Partition}, {@code *Type}, or int64
 *       {@code *Id}s; an item
 *       that has nothing but an error also copies same-named arrays of them (a quota entity). int64 fields named
 *       {@code *Offset} or {@code *Watermark} and int32 {@code NodeId} and {@code Port} without a spec default are
 *       -1 ("unknown", as in Kafka's own error responses); non-nullable {@code records} are empty; everything
 *       else keeps its spec default. Response arrays without a request counterpart (brokers, members) stay
 *       empty; the top level copies nothing.
 * </ul>
 *
 * <p>The result is valid at every version by construction: fields are only set under their version condition.
 * Not thread-safe; one instance per generated request, writing into that request's {@link CodeBuffer}.
 */
final class ErrorResponseEmitter {

    private static final String VERSION = "_version";

    private final MessageSpec request;
    private final Map<String, StructSpec> requestStructs;
    private final MessageSpec response;
    private final Map<String, StructSpec> responseStructs;
    private final FieldDefaults responseDefaults;
    private final CodeBuffer out;

    ErrorResponseEmitter(
            MessageSpec request,
            Map<String, StructSpec> requestStructs,
            MessageSpec response,
            Map<String, StructSpec> responseStructs,
            CodeBuffer out) {
        this.request = request;
        this.requestStructs = requestStructs;
        this.response = response;
        this.responseStructs = responseStructs;
        this.responseDefaults = new FieldDefaults(response);
        this.out = out;
    }

    void generateErrorResponse() {
        out.resetCounter();
        String cls = response.className();
        out.line("/**");
        out.line(" * The {@code " + response.name() + "} at {@code _version} in which this whole request failed: every"
                + " error code the");
        out.line(" * version carries, at the top level and in one item per item of this request, is {@code"
                + " _errorCode}, every");
        out.line(" * error message {@code _errorMessage}; items repeat the names, ids and indexes of the request's.");
        out.line(" */");
        out.line("@Override");
        out.open("public " + cls + " errorResponse(short " + VERSION + ", short _errorCode, String _errorMessage) {");
        out.line(cls + " _response = new " + cls + "();");
        fill(response.asStruct(), "_response", request.asStruct(), "this", false, response.validVersions());
        out.line("return _response;");
        out.close();
    }

    /**
     * Emits statements that fill {@code target} (a response struct) from {@code source} (the request struct it
     * answers, or null for an item made from a request string or int).
     */
    private void fill(
            StructSpec target, String targetVar, StructSpec source, String sourceVar, boolean item, Versions scope) {
        for (FieldSpec f : target.fields()) {
            Versions present = f.presentVersions().intersect(scope);
            if (present.isEmpty()) {
                continue;
            }
            if (isErrorCode(f)) {
                guarded(present, scope, targetVar + "." + setter(f) + "(_errorCode);");
            } else if (isErrorMessage(f)) {
                String nullable = f.nullableVersions().condition(VERSION, scope);
                String value =
                        switch (nullable) {
                            case "true" -> "_errorMessage";
                            case "false" -> "_errorMessage == null ? \"\" : _errorMessage";
                            default -> "_errorMessage == null && !" + paren(nullable) + " ? \"\" : _errorMessage";
                        };
                guarded(present, scope, targetVar + "." + setter(f) + "(" + value + ");");
            } else if (f.type() instanceof FieldType.Array a && a.element() instanceof FieldType.Struct s) {
                StructSpec element = responseStructs.get(s.name());
                if (source != null && carriesError(element)) {
                    fillArray(f, element, targetVar, source, sourceVar, present, scope, false);
                } else if (source != null && item && onlyErrorScalars(target)) {
                    fillArray(f, element, targetVar, source, sourceVar, present, scope, true);
                }
            } else if (item && f.type() instanceof FieldType.Primitive p) {
                FieldSpec from = source == null || !isIdentity(f) ? null : scalarNamed(source, f);
                String nullable = f.nullableVersions().condition(VERSION, scope);
                if (from != null) {
                    Versions both = present.intersect(from.presentVersions());
                    if (!both.isEmpty()) {
                        String value = sourceVar + "." + member(from) + "()";
                        if (!from.nullableVersions().intersect(both).isEmpty() && !nullable.equals("true")) {
                            // A request value may be null where the response cannot carry null.
                            String cond = nullable.equals("false") ? "" : " && !" + paren(nullable);
                            value = value + " == null" + cond + " ? " + responseDefaults.defaultValue(f) + " : "
                                    + value;
                        }
                        guarded(both, scope, targetVar + "." + setter(f) + "(" + value + ");");
                    }
                } else if (p.kind() == Kind.INT64 && f.defaultValue() == null && isOffset(f)) {
                    guarded(present, scope, targetVar + "." + setter(f) + "(-1L);");
                } else if (p.kind() == Kind.INT32 && f.defaultValue() == null && isNodeAddress(f)) {
                    guarded(present, scope, targetVar + "." + setter(f) + "(-1);");
                } else if (p.kind() == Kind.RECORDS && !nullable.equals("true")) {
                    // Records default to null, which a version that cannot carry null could not write.
                    guarded(present, scope, targetVar + "." + setter(f) + "(" + JavaTypes.MEMORY_RECORDS + ".EMPTY);");
                }
            }
        }
    }

    private void fillArray(
            FieldSpec f,
            StructSpec element,
            String targetVar,
            StructSpec source,
            String sourceVar,
            Versions present,
            Versions scope,
            boolean identity) {
        List<FieldSpec> sources = new ArrayList<>();
        List<FieldSpec> structArrays = new ArrayList<>();
        for (FieldSpec candidate : source.fields()) {
            if (candidate.presentVersions().intersect(present).isEmpty()) {
                continue;
            }
            if (candidate.type() instanceof FieldType.Array a && a.element() instanceof FieldType.Struct) {
                structArrays.add(candidate);
            }
            if (identity && !candidate.name().equals(f.name())) {
                continue;
            }
            if (answers(element, candidate) && !overlaps(candidate, sources, present)) {
                sources.add(candidate);
            }
        }
        if (sources.isEmpty() && !identity && structArrays.size() == 1 && onlyErrorScalars(element)) {
            // Results that carry nothing but an error answer the request's one list by position (CreateAcls).
            sources.add(structArrays.get(0));
        }
        if (sources.isEmpty()) {
            return;
        }
        String elementClass = response.className() + "." + element.name();
        boolean conditional = openGuard(present, scope);
        Versions inArray = present;
        int n = out.next();
        String list = "_items" + n;
        out.line("java.util.List<" + elementClass + "> " + list + " = new java.util.ArrayList<>();");
        for (FieldSpec from : sources) {
            Versions both = present.intersect(from.presentVersions());
            boolean guardedSource = openGuard(both, inArray);
            String get = sourceVar + "." + member(from) + "()";
            out.open("if (" + get + " != null) {");
            FieldType fromElement = ((FieldType.Array) from.type()).element();
            String item = "_item" + n;
            String itemSource = "_from" + n;
            if (fromElement instanceof FieldType.Struct fs) {
                out.open("for (" + fs.name() + " " + itemSource + " : " + get + ") {");
                out.line(elementClass + " " + item + " = new " + elementClass + "();");
                fill(element, item, requestStructs.get(fs.name()), itemSource, true, both);
            } else {
                FieldSpec key = keyFor(element, from);
                out.open("for (" + boxed(fromElement) + " " + itemSource + " : " + get + ") {");
                out.line(elementClass + " " + item + " = new " + elementClass + "();");
                out.line(item + "." + setter(key) + "(" + itemSource + ");");
                fill(element, item, null, null, true, both);
            }
            out.line(list + ".add(" + item + ");");
            out.close();
            out.close();
            if (guardedSource) {
                out.close();
            }
        }
        out.line(targetVar + "." + setter(f) + "(" + list + ");");
        if (conditional) {
            out.close();
        }
    }

    /** Whether request field {@code from} lists the items that response elements of {@code element} answer. */
    private boolean answers(StructSpec element, FieldSpec from) {
        if (!(from.type() instanceof FieldType.Array a)) {
            return false;
        }
        if (a.element() instanceof FieldType.Struct s) {
            StructSpec fromElement = requestStructs.get(s.name());
            for (FieldSpec f : element.fields()) {
                if (f.type() instanceof FieldType.Primitive && isIdentity(f) && scalarNamed(fromElement, f) != null) {
                    return true;
                }
            }
            return false;
        }
        return keyFor(element, from) != null;
    }

    /**
     * The field of {@code element} that an item of the primitive array {@code from} fills: the first field of the
     * same type, when the array is named after it ({@code GroupIds}/{@code GroupsNames}/{@code Groups} →
     * {@code GroupId}, {@code CoordinatorKeys} → {@code Key}).
     */
    private static FieldSpec keyFor(StructSpec element, FieldSpec from) {
        FieldType type = ((FieldType.Array) from.type()).element();
        for (FieldSpec f : element.fields()) {
            if (isErrorMessage(f) || !f.type().equals(type)) {
                continue;
            }
            String array = from.name();
            boolean named = array.endsWith(f.name() + "s")
                    || array.endsWith(f.name() + "es")
                    || firstWord(array).equals(firstWord(f.name()));
            return named ? f : null;
        }
        return null;
    }

    /** {@code GroupsNames} → {@code Group}, {@code PartitionIndex} → {@code Partition}. */
    private static String firstWord(String name) {
        int end = 1;
        while (end < name.length() && !Character.isUpperCase(name.charAt(end))) {
            end++;
        }
        String word = name.substring(0, end);
        return word.endsWith("s") ? word.substring(0, word.length() - 1) : word;
    }

    /**
     * Whether a request array is carried in a version that an earlier source already answers: the first one in
     * the request's order wins (Fetch answers its {@code Topics}, not the {@code ForgottenTopicsData}).
     */
    private static boolean overlaps(FieldSpec candidate, List<FieldSpec> chosen, Versions present) {
        Versions mine = candidate.presentVersions().intersect(present);
        for (FieldSpec c : chosen) {
            if (!c.presentVersions().intersect(mine).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static boolean onlyErrorScalars(StructSpec element) {
        for (FieldSpec f : element.fields()) {
            if (f.type() instanceof FieldType.Primitive && !isErrorCode(f) && !isErrorMessage(f)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The scalar of {@code struct} with the name and type of {@code like}, or else the one that names the same
     * thing with or without an {@code Index} suffix (Fetch's request {@code Partition} is its response's
     * {@code PartitionIndex}); null if neither exists.
     */
    private static FieldSpec scalarNamed(StructSpec struct, FieldSpec like) {
        String name = like.name();
        String alias = name.endsWith("Index") ? name.substring(0, name.length() - "Index".length()) : name + "Index";
        FieldSpec aliased = null;
        for (FieldSpec f : struct.fields()) {
            if (!(f.type() instanceof FieldType.Primitive) || !f.type().equals(like.type())) {
                continue;
            }
            if (f.name().equals(name)) {
                return f;
            }
            if (f.name().equals(alias)) {
                aliased = f;
            }
        }
        return aliased;
    }

    /** Whether a struct, or any struct in its arrays, carries an error code: then it is an item of a result. */
    private boolean carriesError(StructSpec struct) {
        for (FieldSpec f : struct.fields()) {
            if (isErrorCode(f)) {
                return true;
            }
            if (f.type() instanceof FieldType.Array a
                    && a.element() instanceof FieldType.Struct s
                    && carriesError(responseStructs.get(s.name()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isErrorCode(FieldSpec f) {
        return (f.name().equals("ErrorCode") || f.name().equals("PartitionErrorCode"))
                && f.type().isKind(Kind.INT16);
    }

    private static boolean isErrorMessage(FieldSpec f) {
        return f.name().equals("ErrorMessage") && f.type().isKind(Kind.STRING);
    }

    /** Names, ids, indexes and types: what identifies an item, as opposed to what describes it. */
    private static boolean isIdentity(FieldSpec f) {
        FieldType.Kind kind = ((FieldType.Primitive) f.type()).kind();
        return switch (kind) {
            case STRING, UUID -> true;
            case INT8, INT16, INT32 -> {
                String n = f.name();
                yield n.endsWith("Index") || n.endsWith("Id") || n.endsWith("Partition") || n.endsWith("Type");
            }
            case INT64 -> f.name().endsWith("Id"); // a producer id (WriteTxnMarkers)
            default -> false;
        };
    }

    private static boolean isNodeAddress(FieldSpec f) {
        return f.name().equals("NodeId") || f.name().equals("Port");
    }

    private static boolean isOffset(FieldSpec f) {
        return f.name().endsWith("Offset") || f.name().endsWith("Watermark");
    }

    private static String boxed(FieldType type) {
        return switch (((FieldType.Primitive) type).kind()) {
            case INT8 -> "Byte";
            case INT16 -> "Short";
            case UINT16, INT32 -> "Integer";
            case UINT32, INT64 -> "Long";
            case STRING -> "String";
            case UUID -> JavaTypes.UUID;
            default -> throw new SpecException("no error-response key of type " + type);
        };
    }

    private void guarded(Versions versions, Versions scope, String statement) {
        boolean conditional = openGuard(versions, scope);
        out.line(statement);
        if (conditional) {
            out.close();
        }
    }

    /** Opens {@code if (<versions>) {} unless the versions cover the scope; returns whether it did. */
    private boolean openGuard(Versions versions, Versions scope) {
        String cond = versions.condition(VERSION, scope);
        if (cond.equals("true")) {
            return false;
        }
        out.open("if " + paren(cond) + " {");
        return true;
    }
}
