package io.runnel.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * Avro through Apache Avro's own parser and {@link SchemaCompatibility} (the Avro specification's schema resolution
 * rules). The canonical text is Avro's compact JSON rendering with referenced types left as names. With
 * {@code normalize}, equivalent spellings (a {@code namespace} attribute or a dotted name, attribute order) are
 * reduced to one text by {@link AvroNormalizer}.
 */
final class AvroFormat implements SchemaFormat {

    @Override
    public String type() {
        return "AVRO";
    }

    @Override
    public Parsed parse(String text, List<String> references, boolean normalize) {
        Schema.Parser parser = new Schema.Parser().setValidateDefaults(true);
        List<Schema> referenced = new ArrayList<>();
        try {
            for (String ref : references) {
                referenced.add(parser.parse(ref));
            }
        } catch (RuntimeException e) {
            throw new RegistryException(
                    RegistryError.INVALID_SCHEMA,
                    "Invalid schema: a referenced schema does not parse: " + e.getMessage());
        }
        Schema schema;
        try {
            schema = parser.parse(text);
        } catch (RuntimeException e) {
            throw new RegistryException(
                    RegistryError.INVALID_SCHEMA, "Invalid AVRO schema: " + e.getMessage() + " (schema: " + text + ")");
        }
        String canonical = schema.toString(referenced, false);
        if (normalize) {
            canonical = AvroNormalizer.normalize(canonical);
        }
        return new AvroParsed(schema, canonical);
    }

    private record AvroParsed(Schema schema, String canonical) implements Parsed {

        @Override
        public List<Incompatibility> incompatibilitiesReading(Parsed writer, String readerName, String writerName) {
            Schema writerSchema = ((AvroParsed) writer).schema();
            SchemaCompatibility.SchemaCompatibilityResult result = SchemaCompatibility.checkReaderWriterCompatibility(
                            schema, writerSchema)
                    .getResult();
            List<Incompatibility> out = new ArrayList<>();
            for (SchemaCompatibility.Incompatibility i : result.getIncompatibilities()) {
                out.add(new Incompatibility(i.getType().name(), i.getLocation(), describe(i, readerName, writerName)));
            }
            return out;
        }

        private static String describe(SchemaCompatibility.Incompatibility i, String reader, String writer) {
            return switch (i.getType()) {
                case READER_FIELD_MISSING_DEFAULT_VALUE ->
                    "field '" + i.getMessage() + "' of " + reader + " has no default value and is missing from "
                            + writer;
                case TYPE_MISMATCH ->
                    "type " + i.getReaderFragment().getType() + " of " + reader + " cannot read "
                            + i.getWriterFragment().getType() + " of " + writer + " (" + i.getMessage() + ")";
                case NAME_MISMATCH ->
                    "the name in " + reader + " (" + i.getReaderFragment().getFullName()
                            + ") does not match the name in " + writer + " ("
                            + i.getWriterFragment().getFullName()
                            + ")";
                case MISSING_ENUM_SYMBOLS ->
                    "the enum " + i.getReaderFragment().getFullName() + " of " + reader + " lacks symbols of " + writer
                            + ": " + i.getMessage();
                case MISSING_UNION_BRANCH ->
                    "the union of " + reader + " has no branch for " + writer + "'s " + i.getWriterFragment() + " ("
                            + i.getMessage() + ")";
                case FIXED_SIZE_MISMATCH ->
                    "the fixed " + i.getReaderFragment().getFullName() + " has a different" + " size in " + reader
                            + " than in " + writer + " (" + i.getMessage() + ")";
                default -> i.getMessage() + " (" + reader + " reading " + writer + ")";
            };
        }
    }
}
