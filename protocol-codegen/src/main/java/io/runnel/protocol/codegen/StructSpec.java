package io.runnel.protocol.codegen;

import java.util.List;

/** A struct: the top-level message itself, an inline struct declared by a field, or a common struct. */
public record StructSpec(String name, Versions versions, List<FieldSpec> fields) {}
