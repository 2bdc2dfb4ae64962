package io.runnel.registry;

import java.util.Locale;

/**
 * What a subject (or the whole registry) accepts: READWRITE everything, READONLY no registrations or deletions,
 * IMPORT registrations that bring their own id and version (to copy another registry's schemas), without
 * compatibility checks.
 */
public enum Mode {
    READWRITE,
    READONLY,
    IMPORT;

    public static final Mode DEFAULT = READWRITE;

    public static Mode parse(String name) {
        if (name != null) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // fall through
            }
        }
        throw new RegistryException(
                RegistryError.INVALID_MODE,
                "Invalid mode '" + name + "'. Valid values are READWRITE, READONLY and IMPORT");
    }
}
