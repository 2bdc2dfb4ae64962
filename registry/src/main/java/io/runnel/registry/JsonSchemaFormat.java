package io.runnel.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * JSON Schema: a schema is valid when it is JSON and validates against its draft's meta-schema (the
 * {@code $schema} it names, draft 7 when it names none; draft 4, 6, 7, 2019-09 and 2020-12 are known), checked with
 * networknt's json-schema-validator and its bundled meta-schemas. The canonical text is the compact JSON; with
 * {@code normalize} object keys are sorted.
 *
 * <p>Compatibility is our own rule set, asking whether every document the writer schema accepts is accepted by the
 * reader schema: types may widen but not narrow (integer is a number), enums may grow, bounds may loosen,
 * properties and {@code items} are compared recursively, a property the reader requires must be required by the
 * writer. The content-model cases: a reader property the writer does not declare is safe only when the writer's
 * model is closed ({@code additionalProperties: false}), since an open writer may have written anything under that
 * name (PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL); a writer property the reader drops is safe only when the reader's
 * model is open (PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL). {@code oneOf}/{@code anyOf}/{@code allOf},
 * {@code $ref} and pattern properties are not compared yet.
 */
final class JsonSchemaFormat implements SchemaFormat {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<SpecificationVersion, Schema> metaSchemas = new EnumMap<>(SpecificationVersion.class);

    JsonSchemaFormat() {
        for (SpecificationVersion v : SpecificationVersion.values()) {
            metaSchemas.put(v, SchemaRegistry.withDefaultDialect(v).getSchema(SchemaLocation.of(v.getDialectId())));
        }
    }

    @Override
    public String type() {
        return "JSON";
    }

    @Override
    public Parsed parse(String text, List<String> references, boolean normalize) {
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw invalid("not JSON: " + e.getOriginalMessage(), text);
        }
        if (node == null || !(node.isObject() || node.isBoolean())) {
            throw invalid("a schema is a JSON object or a boolean", text);
        }
        if (node.isObject()) {
            SpecificationVersion version = SpecificationVersion.DRAFT_7;
            if (node.has("$schema")) {
                String id = node.get("$schema").asText().replaceAll("#$", "");
                version = SpecificationVersion.fromDialectId(id)
                        .or(() -> SpecificationVersion.fromDialectId(id + "#"))
                        .orElseThrow(() -> invalid("unknown $schema " + node.get("$schema"), text));
            }
            List<Error> errors = metaSchemas.get(version).validate(node);
            if (!errors.isEmpty()) {
                List<String> messages = new ArrayList<>();
                errors.forEach(e -> messages.add(e.toString()));
                throw invalid(String.join("; ", messages), text);
            }
        }
        JsonNode canonical = normalize ? sorted(node) : node;
        return new JsonParsed(canonical, canonical.toString());
    }

    private static RegistryException invalid(String why, String text) {
        return new RegistryException(
                RegistryError.INVALID_SCHEMA, "Invalid JSON schema: " + why + " (schema: " + text + ")");
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> fields = new TreeMap<>();
            node.fields().forEachRemaining(e -> fields.put(e.getKey(), sorted(e.getValue())));
            ObjectNode out = MAPPER.createObjectNode();
            fields.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            var out = MAPPER.createArrayNode();
            node.forEach(child -> out.add(sorted(child)));
            return out;
        }
        return node;
    }

    private record JsonParsed(JsonNode schema, String canonical) implements Parsed {
        @Override
        public List<Incompatibility> incompatibilitiesReading(Parsed writer, String readerName, String writerName) {
            List<Incompatibility> out = new ArrayList<>();
            new Comparison(readerName, writerName, out).compare(schema, ((JsonParsed) writer).schema(), "#");
            return out;
        }
    }

    /** One reader-against-writer comparison, collecting what the reader would refuse. */
    private record Comparison(String reader, String writer, List<Incompatibility> out) {

        void compare(JsonNode r, JsonNode w, String path) {
            if (r.isBoolean() || w.isBoolean()) {
                if (r.isBoolean() && !r.asBoolean() && !(w.isBoolean() && !w.asBoolean())) {
                    add("TYPE_NARROWED", path, reader + " accepts nothing here while " + writer + " accepts data");
                }
                return;
            }
            types(r, w, path);
            enums(r, w, path);
            bound(r, w, path, "maxLength", true);
            bound(r, w, path, "minLength", false);
            bound(r, w, path, "maximum", true);
            bound(r, w, path, "minimum", false);
            bound(r, w, path, "maxItems", true);
            bound(r, w, path, "minItems", false);
            bound(r, w, path, "maxProperties", true);
            bound(r, w, path, "minProperties", false);
            if (r.has("properties")
                    || w.has("properties")
                    || r.has("additionalProperties")
                    || w.has("additionalProperties")
                    || r.has("required")) {
                objects(r, w, path);
            }
            if (r.path("items").isObject() && w.path("items").isObject()) {
                compare(r.get("items"), w.get("items"), path + "/items");
            }
        }

        private void types(JsonNode r, JsonNode w, String path) {
            Set<String> rt = typeSet(r);
            if (rt == null) {
                return;
            }
            Set<String> wt = typeSet(w);
            if (wt == null) {
                add("TYPE_NARROWED", path, reader + " allows only " + rt + " where " + writer + " allows any type");
                return;
            }
            for (String t : wt) {
                if (!rt.contains(t) && !(t.equals("integer") && rt.contains("number"))) {
                    add(
                            rt.size() < wt.size() ? "TYPE_NARROWED" : "TYPE_CHANGED",
                            path,
                            reader + " allows " + rt + " but " + writer + " allows " + t);
                }
            }
        }

        private static Set<String> typeSet(JsonNode n) {
            JsonNode t = n.get("type");
            if (t == null) {
                return null;
            }
            Set<String> out = new HashSet<>();
            if (t.isArray()) {
                t.forEach(x -> out.add(x.asText()));
            } else {
                out.add(t.asText());
            }
            return out;
        }

        private void enums(JsonNode r, JsonNode w, String path) {
            if (!r.has("enum")) {
                return;
            }
            if (!w.has("enum")) {
                add(
                        "ENUM_ADDED",
                        path,
                        reader + " limits the values to " + r.get("enum") + "; " + writer + " does not");
                return;
            }
            Set<JsonNode> allowed = new HashSet<>();
            r.get("enum").forEach(allowed::add);
            List<String> missing = new ArrayList<>();
            w.get("enum").forEach(v -> {
                if (!allowed.contains(v)) {
                    missing.add(v.toString());
                }
            });
            if (!missing.isEmpty()) {
                add("ENUM_ARRAY_NARROWED", path, reader + "'s enum lacks " + writer + "'s values " + missing);
            }
        }

        private void bound(JsonNode r, JsonNode w, String path, String keyword, boolean upper) {
            JsonNode rb = r.get(keyword);
            if (rb == null || !rb.isNumber()) {
                return;
            }
            JsonNode wb = w.get(keyword);
            boolean stricter = wb == null
                    || !wb.isNumber()
                    || (upper
                            ? rb.decimalValue().compareTo(wb.decimalValue()) < 0
                            : rb.decimalValue().compareTo(wb.decimalValue()) > 0);
            if (stricter) {
                add(
                        keyword.toUpperCase(java.util.Locale.ROOT) + (wb == null ? "_ADDED" : "_TIGHTENED"),
                        path,
                        reader + " has " + keyword + " " + rb + " where " + writer + " has "
                                + (wb == null ? "none" : wb.toString()));
            }
        }

        private void objects(JsonNode r, JsonNode w, String path) {
            JsonNode rp = r.path("properties");
            JsonNode wp = w.path("properties");
            JsonNode rAdditional = r.get("additionalProperties");
            JsonNode wAdditional = w.get("additionalProperties");
            boolean writerClosed = wAdditional != null && wAdditional.isBoolean() && !wAdditional.asBoolean();
            boolean readerOpen = rAdditional == null || (rAdditional.isBoolean() && rAdditional.asBoolean());
            for (Iterator<String> it = rp.fieldNames(); it.hasNext(); ) {
                String p = it.next();
                String at = path + "/properties/" + p;
                if (wp.has(p)) {
                    compare(rp.get(p), wp.get(p), at);
                } else if (wAdditional != null && wAdditional.isObject()) {
                    compare(rp.get(p), wAdditional, at);
                } else if (!writerClosed && !acceptsAnything(rp.get(p))) {
                    add(
                            "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL",
                            at,
                            "property '" + p + "' of " + reader + " is not declared by " + writer
                                    + ", whose open content model may have written anything under that name");
                }
            }
            for (Iterator<String> it = wp.fieldNames(); it.hasNext(); ) {
                String p = it.next();
                if (rp.has(p)) {
                    continue;
                }
                String at = path + "/properties/" + p;
                if (rAdditional != null && rAdditional.isObject()) {
                    compare(rAdditional, wp.get(p), at);
                } else if (!readerOpen) {
                    add(
                            "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL",
                            at,
                            "property '" + p + "' of " + writer + " is not allowed by the closed content model of "
                                    + reader);
                }
            }
            if (!readerOpen
                    && !writerClosed
                    && !(rAdditional.isObject() && wAdditional != null && wAdditional.isObject())) {
                add(
                        "ADDITIONAL_PROPERTIES_NARROWED",
                        path,
                        reader + " restricts additional properties (" + rAdditional + ") that " + writer + " allows");
            } else if (rAdditional != null && rAdditional.isObject() && wAdditional != null && wAdditional.isObject()) {
                compare(rAdditional, wAdditional, path + "/additionalProperties");
            }
            Set<String> writerRequired = new HashSet<>();
            w.path("required").forEach(x -> writerRequired.add(x.asText()));
            r.path("required").forEach(x -> {
                if (!writerRequired.contains(x.asText())) {
                    add(
                            "REQUIRED_PROPERTY_ADDED",
                            path + "/required",
                            "property '" + x.asText() + "' is required by " + reader + " but not by " + writer);
                }
            });
        }

        private static boolean acceptsAnything(JsonNode n) {
            return (n.isBoolean() && n.asBoolean()) || (n.isObject() && n.isEmpty());
        }

        private void add(String rule, String path, String description) {
            out.add(new Incompatibility(rule, path, description));
        }
    }
}
