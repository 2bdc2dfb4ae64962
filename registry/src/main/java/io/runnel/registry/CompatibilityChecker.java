package io.runnel.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Applies a {@link CompatibilityLevel} to a new schema and the live versions of its subject: which versions it is
 * checked against (the latest, or all for the transitive levels, newest first) and in which direction (the new
 * schema reading the old, the old reading the new, or both). Each message names the level, the version, the rule
 * the format says was broken, where, and the field or type. Stateless.
 */
final class CompatibilityChecker {

    /** One live version to check against, parsed. */
    record Previous(int version, SchemaFormat.Parsed schema) {}

    private CompatibilityChecker() {}

    /**
     * The reasons {@code candidate} is not compatible with {@code previous} (oldest first) under {@code level};
     * empty when it is.
     */
    static List<String> check(CompatibilityLevel level, SchemaFormat.Parsed candidate, List<Previous> previous) {
        List<String> messages = new ArrayList<>();
        if (level == CompatibilityLevel.NONE || previous.isEmpty()) {
            return messages;
        }
        List<Previous> against =
                new ArrayList<>(level.transitive() ? previous : List.of(previous.get(previous.size() - 1)));
        Collections.reverse(against);
        for (Previous p : against) {
            String old = "version " + p.version();
            if (level.newReadsOld()) {
                for (SchemaFormat.Incompatibility i :
                        candidate.incompatibilitiesReading(p.schema(), "the new schema", old)) {
                    messages.add(message(level, "the new schema must read data written with " + old, i));
                }
            }
            if (level.oldReadsNew()) {
                for (SchemaFormat.Incompatibility i :
                        p.schema().incompatibilitiesReading(candidate, old, "the new schema")) {
                    messages.add(message(level, old + " must read data written with the new schema", i));
                }
            }
        }
        return messages;
    }

    private static String message(CompatibilityLevel level, String rule, SchemaFormat.Incompatibility i) {
        return level + " (" + rule + "): " + i.rule() + " at '" + i.location() + "': " + i.description();
    }
}
