package io.runnel.protocol.codegen;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The nested struct classes one message needs, by name, in the order they are first met: inline structs of its
 * fields (depth first) and the message's common structs. A struct used in several places is generated once, for
 * the union of the versions it can appear in; a struct declared twice with different fields, an unknown struct
 * name or a struct named like the message class is a {@link SpecException}.
 *
 * <p>Immutable once constructed.
 */
final class MessageStructs {

    private final MessageSpec message;
    private final Map<String, StructSpec> structs = new LinkedHashMap<>();

    MessageStructs(MessageSpec message) {
        this.message = message;
        collectStructs();
    }

    /** Every struct by name, in generation order. */
    Map<String, StructSpec> byName() {
        return Collections.unmodifiableMap(structs);
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
}
