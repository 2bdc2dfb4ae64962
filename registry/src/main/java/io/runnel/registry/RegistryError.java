package io.runnel.registry;

/**
 * Every way a registry request can fail, named as the ecosystem's schema registry names them. The REST edge maps
 * each to its HTTP status and error code in one exhaustive switch ({@code RegistryRoutes#toRest}); nothing else
 * knows the numbers.
 */
public enum RegistryError {
    SUBJECT_NOT_FOUND,
    VERSION_NOT_FOUND,
    SCHEMA_NOT_FOUND,
    SUBJECT_SOFT_DELETED,
    SUBJECT_NOT_SOFT_DELETED,
    VERSION_SOFT_DELETED,
    VERSION_NOT_SOFT_DELETED,
    SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
    SUBJECT_MODE_NOT_CONFIGURED,
    INCOMPATIBLE_SCHEMA,
    INVALID_SCHEMA,
    INVALID_VERSION,
    INVALID_COMPATIBILITY_LEVEL,
    INVALID_MODE,
    OPERATION_NOT_PERMITTED,
    REFERENCE_EXISTS,
    STORE_ERROR,
    STORE_TIMEOUT
}
