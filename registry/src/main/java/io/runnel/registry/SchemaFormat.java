package io.runnel.registry;

import java.util.List;

/**
 * One schema language (Avro today; JSON Schema and Protobuf join through the same interface): parses schema text
 * with the texts of the schemas it references, gives the canonical text that identifies a schema, and says why a
 * reader schema cannot read data written with a writer schema. Implementations are stateless and thread-safe.
 */
public interface SchemaFormat {

    /** The {@code schemaType} of the REST API and the {@code _schemas} records: AVRO, JSON, PROTOBUF. */
    String type();

    /**
     * Parses {@code text}. {@code references} are the referenced schemas' texts, dependencies first, each once.
     *
     * @throws RegistryException INVALID_SCHEMA with the parser's message
     */
    Parsed parse(String text, List<String> references, boolean normalize);

    /** A parsed schema. */
    interface Parsed {
        /** The text this registry stores and compares: equal texts are the same schema. */
        String canonical();

        /**
         * Why {@code this}, as the reader, cannot read what {@code writer} wrote (empty when it can).
         *
         * @param readerName how messages name this schema ("the new schema", "version 2")
         * @param writerName how messages name the writer
         */
        List<Incompatibility> incompatibilitiesReading(Parsed writer, String readerName, String writerName);
    }

    /**
     * One reason two schemas are incompatible: the rule broken (the format's name for it), where in the reader
     * schema, and a sentence that names the field or type.
     */
    record Incompatibility(String rule, String location, String description) {}
}
