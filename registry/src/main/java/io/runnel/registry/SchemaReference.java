package io.runnel.registry;

/**
 * A schema's use of a type registered elsewhere: {@code name} is how the schema refers to it (for Avro the full
 * name of the type), {@code subject}/{@code version} where it is registered.
 */
public record SchemaReference(String name, String subject, int version) {}
