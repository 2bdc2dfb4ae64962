package io.runnel.registry;

import java.util.List;

/**
 * One version of one subject, as the {@code _schemas} topic holds it: the global id, the schema type ({@code AVRO},
 * {@code JSON}, {@code PROTOBUF}), the schema text in canonical form, its references, and whether it is soft-deleted.
 * Immutable.
 */
public record StoredSchema(
        String subject,
        int version,
        int id,
        String schemaType,
        String schema,
        List<SchemaReference> references,
        boolean deleted) {

    public StoredSchema {
        references = List.copyOf(references);
    }

    public StoredSchema withDeleted(boolean deleted) {
        return new StoredSchema(subject, version, id, schemaType, schema, references, deleted);
    }

    /** Same type, text and references: the same schema, so the same id. */
    public boolean sameSchemaAs(StoredSchema other) {
        return schemaType.equals(other.schemaType)
                && schema.equals(other.schema)
                && references.equals(other.references);
    }
}
