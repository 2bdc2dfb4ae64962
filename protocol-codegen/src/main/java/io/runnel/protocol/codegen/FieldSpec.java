package io.runnel.protocol.codegen;

import java.util.List;

/**
 * One field of a message or struct as the JSON spec declares it.
 *
 * @param flexibleVersions a per-field override of the message's flexible versions (only {@code "none"} is used in
 *     practice: the request header's client id), or null to follow the message
 * @param tag the tag of a tagged field, or null for a regular field
 * @param defaultValue the raw default from the spec, or null when the type's natural default applies
 * @param fields the fields of an inline struct type, empty otherwise
 */
public record FieldSpec(
        String name,
        FieldType type,
        Versions versions,
        Versions nullableVersions,
        Versions flexibleVersions,
        Integer tag,
        Versions taggedVersions,
        String defaultValue,
        boolean ignorable,
        boolean mapKey,
        boolean zeroCopy,
        String about,
        List<FieldSpec> fields) {

    public boolean isTagged() {
        return tag != null;
    }

    /** The struct name when this field is a struct or an array of structs, else null. */
    public String structName() {
        if (type instanceof FieldType.Struct s) {
            return s.name();
        }
        if (type instanceof FieldType.Array a && a.element() instanceof FieldType.Struct s) {
            return s.name();
        }
        return null;
    }

    /** The versions in which this field appears on the wire at all (regular or tagged). */
    public Versions presentVersions() {
        return isTagged() ? taggedVersions : versions;
    }
}
