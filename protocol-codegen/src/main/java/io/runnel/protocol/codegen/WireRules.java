package io.runnel.protocol.codegen;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Rules about how fields appear on the wire that every emitter shares: which versions of a field use the flexible
 * encoding, the tagged fields of a struct in ascending tag order (a duplicate tag is a {@link SpecException}), the
 * synthetic field describing one array element, and how a version condition is parenthesised in generated code.
 *
 * <p>Stateless; every method is a pure function of its arguments.
 */
final class WireRules {

    private WireRules() {}

    static String flexibleCondition(MessageSpec message, FieldSpec f, Versions scope) {
        Versions flexible = f.flexibleVersions() != null ? f.flexibleVersions() : message.flexibleVersions();
        return flexible.condition("_version", scope);
    }

    static List<FieldSpec> taggedFields(StructSpec struct) {
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
    static FieldSpec elementField(FieldSpec array) {
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

    /** The Java expression for the byte length of a non-null bytes or records value. */
    static String sizeInBytes(FieldType.Kind kind, FieldSpec f, String value) {
        if (kind == FieldType.Kind.RECORDS) {
            return value + ".sizeInBytes()";
        }
        return f.zeroCopy() ? value + ".readableBytes()" : value + ".length";
    }

    static String paren(String cond) {
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
