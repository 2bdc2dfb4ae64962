package io.runnel.protocol.codegen;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads Kafka's JSON message specs (JSON with {@code //} comments) into {@link MessageSpec}s. */
public final class SpecParser {

    private static final Set<String> FIELD_KEYS = Set.of(
            "name",
            "type",
            "versions",
            "nullableVersions",
            "flexibleVersions",
            "tag",
            "taggedVersions",
            "default",
            "ignorable",
            "mapKey",
            "zeroCopy",
            "about",
            "fields",
            "entityType");

    private final JsonMapper mapper = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    public MessageSpec parse(Path file) throws IOException {
        JsonNode root = mapper.readTree(file.toFile());
        try {
            return parse(root);
        } catch (RuntimeException e) {
            throw new SpecException(file.getFileName() + ": " + e.getMessage());
        }
    }

    MessageSpec parse(JsonNode root) {
        String name = text(root, "name");
        Versions valid = Versions.parse(text(root, "validVersions"), null);
        if (valid == null) {
            throw new SpecException("missing validVersions");
        }
        Versions flexible = Versions.parse(text(root, "flexibleVersions"), Versions.NONE);
        JsonNode key = root.get("apiKey");
        List<String> listeners = new ArrayList<>();
        if (root.has("listeners")) {
            root.get("listeners").forEach(n -> listeners.add(n.asText()));
        }
        List<StructSpec> common = new ArrayList<>();
        if (root.has("commonStructs")) {
            for (JsonNode s : root.get("commonStructs")) {
                common.add(new StructSpec(
                        text(s, "name"), Versions.parse(text(s, "versions"), Versions.ALL), fields(s.get("fields"))));
            }
        }
        return new MessageSpec(
                name,
                text(root, "type"),
                key == null ? null : (short) key.asInt(),
                valid,
                flexible,
                root.path("latestVersionUnstable").asBoolean(false),
                List.copyOf(listeners),
                fields(root.get("fields")),
                List.copyOf(common));
    }

    private List<FieldSpec> fields(JsonNode array) {
        List<FieldSpec> result = new ArrayList<>();
        if (array == null) {
            return result;
        }
        for (JsonNode f : array) {
            f.fieldNames().forEachRemaining(k -> {
                if (!FIELD_KEYS.contains(k)) {
                    throw new SpecException("field " + f.path("name").asText() + " has unknown attribute " + k);
                }
            });
            String fieldName = text(f, "name");
            Integer tag = f.has("tag") ? f.get("tag").asInt() : null;
            Versions tagged = Versions.parse(text(f, "taggedVersions"), Versions.NONE);
            // A tagged field may omit "versions": it then exists in its tagged versions (TransactionLogValue).
            Versions versions = Versions.parse(text(f, "versions"), tagged.isEmpty() ? null : tagged);
            if (versions == null) {
                throw new SpecException("field " + fieldName + " has no versions");
            }
            if (tag != null && tagged.isEmpty()) {
                throw new SpecException("tagged field " + fieldName + " has no taggedVersions");
            }
            JsonNode def = f.get("default");
            result.add(new FieldSpec(
                    fieldName,
                    FieldType.parse(text(f, "type")),
                    versions,
                    Versions.parse(text(f, "nullableVersions"), Versions.NONE),
                    f.has("flexibleVersions") ? Versions.parse(text(f, "flexibleVersions"), null) : null,
                    tag,
                    tagged,
                    def == null ? null : def.asText(),
                    f.path("ignorable").asBoolean(false),
                    f.path("mapKey").asBoolean(false),
                    f.path("zeroCopy").asBoolean(false),
                    f.path("about").asText(""),
                    fields(f.get("fields"))));
        }
        return List.copyOf(result);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
