package io.runnel.registry;

import java.util.Locale;

/**
 * The seven compatibility levels. BACKWARD: the new schema reads data written with the old; FORWARD: the old reads
 * data written with the new; FULL: both. The transitive ones check against every live version, the others against
 * the latest only.
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    /** The level of a registry nobody configured. */
    public static final CompatibilityLevel DEFAULT = BACKWARD;

    private final boolean newReadsOld;
    private final boolean oldReadsNew;
    private final boolean transitive;

    CompatibilityLevel(boolean newReadsOld, boolean oldReadsNew, boolean transitive) {
        this.newReadsOld = newReadsOld;
        this.oldReadsNew = oldReadsNew;
        this.transitive = transitive;
    }

    /** The new schema must read data written with the old ones. */
    public boolean newReadsOld() {
        return newReadsOld;
    }

    /** The old schemas must read data written with the new one. */
    public boolean oldReadsNew() {
        return oldReadsNew;
    }

    public boolean transitive() {
        return transitive;
    }

    /** The level named (in any case), or an INVALID_COMPATIBILITY_LEVEL error that lists the valid ones. */
    public static CompatibilityLevel parse(String name) {
        if (name != null) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // fall through
            }
        }
        throw new RegistryException(
                RegistryError.INVALID_COMPATIBILITY_LEVEL,
                "Invalid compatibility level '" + name + "'. Valid values are none, backward, forward, full,"
                        + " backward_transitive, forward_transitive, and full_transitive");
    }
}
