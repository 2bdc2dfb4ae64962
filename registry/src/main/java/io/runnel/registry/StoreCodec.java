package io.runnel.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of {@code _schemas} records, in the ecosystem registry's format, so a topic copied from it is served
 * here and the reverse.
 *
 * <ul>
 *   <li>Keys: JSON objects, attributes in the order {@code keytype, subject, version, magic} ({@code magic} is 1
 *       for SCHEMA keys, 0 for the others); a null subject is written as {@code null}.
 *   <li>SCHEMA values: {@code {"subject","version","id","schemaType"?,"references"?,"schema","deleted"}};
 *       {@code schemaType} is left out for AVRO and {@code references} when empty, as the ecosystem writes them.
 *   <li>CONFIG values {@code {"compatibilityLevel":"FULL"}}, MODE values {@code {"mode":"IMPORT"}},
 *       DELETE_SUBJECT values {@code {"subject":s,"version":latest}}, CLEAR_SUBJECT {@code {"subject":s}}.
 *   <li>A null value (tombstone) removes what the key held.
 * </ul>
 *
 * Key types this registry does not know yet (CONTEXT, ASSOC, ...) decode to {@code null} and are skipped. Stateless
 * and thread-safe.
 */
final class StoreCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StoreCodec() {}

    static byte[] key(StoreKey key) {
        ObjectNode n = MAPPER.createObjectNode();
        if (key instanceof StoreKey.Schema k) {
            n.put("keytype", "SCHEMA");
            n.put("subject", k.subject());
            n.put("version", k.version());
            n.put("magic", 1);
        } else if (key instanceof StoreKey.Config k) {
            subjectKey(n, "CONFIG", k.subject());
        } else if (key instanceof StoreKey.ModeKey k) {
            subjectKey(n, "MODE", k.subject());
        } else if (key instanceof StoreKey.DeleteSubject k) {
            subjectKey(n, "DELETE_SUBJECT", k.subject());
        } else if (key instanceof StoreKey.ClearSubject k) {
            subjectKey(n, "CLEAR_SUBJECT", k.subject());
        } else {
            n.put("keytype", "NOOP");
            n.put("magic", 0);
        }
        return bytes(n);
    }

    private static void subjectKey(ObjectNode n, String type, String subject) {
        n.put("keytype", type);
        n.put("subject", subject);
        n.put("magic", 0);
    }

    /** The key, or {@code null} for a key type this registry does not serve. */
    static StoreKey decodeKey(byte[] bytes) throws IOException {
        JsonNode n = MAPPER.readTree(bytes);
        if (n == null || !n.isObject()) {
            throw new IOException("a _schemas key must be a JSON object");
        }
        String type = n.path("keytype").asText("");
        String subject = n.hasNonNull("subject") ? n.get("subject").asText() : null;
        return switch (type) {
            case "SCHEMA" ->
                new StoreKey.Schema(
                        required(subject, "SCHEMA"), n.path("version").asInt());
            case "CONFIG" -> new StoreKey.Config(subject);
            case "MODE" -> new StoreKey.ModeKey(subject);
            case "DELETE_SUBJECT" -> new StoreKey.DeleteSubject(required(subject, "DELETE_SUBJECT"));
            case "CLEAR_SUBJECT" -> new StoreKey.ClearSubject(required(subject, "CLEAR_SUBJECT"));
            case "NOOP" -> new StoreKey.Noop();
            default -> null;
        };
    }

    private static String required(String subject, String type) throws IOException {
        if (subject == null) {
            throw new IOException("a " + type + " key needs a subject");
        }
        return subject;
    }

    static byte[] schemaValue(StoredSchema s) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("subject", s.subject());
        n.put("version", s.version());
        n.put("id", s.id());
        if (!s.schemaType().equals("AVRO")) {
            n.put("schemaType", s.schemaType());
        }
        if (!s.references().isEmpty()) {
            ArrayNode refs = n.putArray("references");
            for (SchemaReference r : s.references()) {
                refs.addObject()
                        .put("name", r.name())
                        .put("subject", r.subject())
                        .put("version", r.version());
            }
        }
        n.put("schema", s.schema());
        n.put("deleted", s.deleted());
        return bytes(n);
    }

    static StoredSchema decodeSchemaValue(byte[] bytes) throws IOException {
        JsonNode n = MAPPER.readTree(bytes);
        if (n == null || !n.hasNonNull("subject") || !n.hasNonNull("schema") || !n.has("id")) {
            throw new IOException("a SCHEMA value needs subject, id and schema");
        }
        List<SchemaReference> refs = new ArrayList<>();
        for (JsonNode r : n.path("references")) {
            refs.add(new SchemaReference(
                    r.path("name").asText(),
                    r.path("subject").asText(),
                    r.path("version").asInt()));
        }
        return new StoredSchema(
                n.get("subject").asText(),
                n.path("version").asInt(),
                n.get("id").asInt(),
                n.path("schemaType").asText("AVRO"),
                n.get("schema").asText(),
                refs,
                n.path("deleted").asBoolean(false));
    }

    static byte[] configValue(CompatibilityLevel level) {
        return bytes(MAPPER.createObjectNode().put("compatibilityLevel", level.name()));
    }

    static CompatibilityLevel decodeConfigValue(byte[] bytes) throws IOException {
        return CompatibilityLevel.parse(
                MAPPER.readTree(bytes).path("compatibilityLevel").asText(null));
    }

    static byte[] modeValue(Mode mode) {
        return bytes(MAPPER.createObjectNode().put("mode", mode.name()));
    }

    static Mode decodeModeValue(byte[] bytes) throws IOException {
        return Mode.parse(MAPPER.readTree(bytes).path("mode").asText(null));
    }

    static byte[] deleteSubjectValue(String subject, int version) {
        return bytes(MAPPER.createObjectNode().put("subject", subject).put("version", version));
    }

    static int decodeDeleteSubjectVersion(byte[] bytes) throws IOException {
        return MAPPER.readTree(bytes).path("version").asInt(Integer.MAX_VALUE);
    }

    static byte[] clearSubjectValue(String subject) {
        return bytes(MAPPER.createObjectNode().put("subject", subject));
    }

    private static byte[] bytes(JsonNode n) {
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }
}
