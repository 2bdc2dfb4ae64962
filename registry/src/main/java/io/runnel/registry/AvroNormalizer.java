package io.runnel.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code normalize=true} for Avro: Avro's compact rendering already resolves namespaces and spelling
 * ({@code "string"} and {@code {"type":"string"}}, a namespace attribute or a dotted name); what is left to vary is
 * the order of attributes (custom properties keep the order they were written in) and of {@code aliases}. Both are
 * sorted here; the order of fields, symbols and union branches means something and is kept.
 */
final class AvroNormalizer {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AvroNormalizer() {}

    static String normalize(String canonical) {
        try {
            return MAPPER.writeValueAsString(sorted(MAPPER.readTree(canonical)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Avro rendered a schema that is not JSON: " + canonical, e);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            ObjectNode out = MAPPER.createObjectNode();
            for (String name : names) {
                JsonNode child = node.get(name);
                if (name.equals("aliases") && child.isArray()) {
                    List<String> aliases = new ArrayList<>();
                    child.forEach(a -> aliases.add(a.asText()));
                    Collections.sort(aliases);
                    ArrayNode sortedAliases = out.putArray(name);
                    aliases.forEach(sortedAliases::add);
                } else {
                    out.set(name, sorted(child));
                }
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = MAPPER.createArrayNode();
            node.forEach(child -> out.add(sorted(child)));
            return out;
        }
        return node;
    }
}
