package io.runnel.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** JSON Schema's rules, including the open and closed content-model cases users trip on. */
class JsonSchemaCompatibilityTest {

    private static final JsonSchemaFormat JSON = new JsonSchemaFormat();

    private static String object(String properties, String extra) {
        return "{\"type\":\"object\",\"properties\":{" + properties + "}" + extra + "}";
    }

    private static final String NAME = "\"name\":{\"type\":\"string\"}";
    private static final String AGE = "\"age\":{\"type\":\"integer\"}";
    private static final String CLOSED = ",\"additionalProperties\":false";

    private static List<String> check(CompatibilityLevel level, String candidate, String previous) {
        return CompatibilityChecker.check(
                level,
                JSON.parse(candidate, List.of(), false),
                List.of(new CompatibilityChecker.Previous(1, JSON.parse(previous, List.of(), false))));
    }

    @Test
    void addingAnOptionalPropertyToAnOpenModelIsNotBackwardCompatibleButToAClosedOneItIs() {
        assertThat(check(CompatibilityLevel.BACKWARD, object(NAME + "," + AGE, ""), object(NAME, "")))
                .singleElement()
                .satisfies(m -> assertThat(m).contains("PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", "'age'"));
        assertThat(check(CompatibilityLevel.BACKWARD, object(NAME + "," + AGE, CLOSED), object(NAME, CLOSED)))
                .isEmpty();
        assertThat(check(CompatibilityLevel.FORWARD, object(NAME + "," + AGE, ""), object(NAME, "")))
                .as("the old open schema reads documents with the new property")
                .isEmpty();
    }

    @Test
    void removingAPropertyIsBackwardCompatibleOnlyWhenTheNewModelIsOpen() {
        assertThat(check(CompatibilityLevel.BACKWARD, object(NAME, ""), object(NAME + "," + AGE, "")))
                .isEmpty();
        assertThat(check(CompatibilityLevel.BACKWARD, object(NAME, CLOSED), object(NAME + "," + AGE, CLOSED)))
                .singleElement()
                .satisfies(m -> assertThat(m).contains("PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", "'age'"));
    }

    @Test
    void typesMayWidenButNotNarrowAndNewRequirementsAndSmallerEnumsAreRefused() {
        String integer = object("\"n\":{\"type\":\"integer\"}", "");
        String number = object("\"n\":{\"type\":\"number\"}", "");
        assertThat(check(CompatibilityLevel.BACKWARD, number, integer)).isEmpty();
        assertThat(check(CompatibilityLevel.BACKWARD, integer, number))
                .singleElement()
                .satisfies(m -> assertThat(m).contains("#/properties/n", "number"));
        assertThat(check(CompatibilityLevel.BACKWARD, object(NAME, ",\"required\":[\"name\"]"), object(NAME, "")))
                .singleElement()
                .satisfies(m -> assertThat(m).contains("REQUIRED_PROPERTY_ADDED", "'name'"));
        String ab = "{\"enum\":[\"a\",\"b\"]}";
        String a = "{\"enum\":[\"a\"]}";
        assertThat(check(CompatibilityLevel.BACKWARD, ab, a)).isEmpty();
        assertThat(check(CompatibilityLevel.FULL, ab, a)).singleElement().satisfies(m -> assertThat(m)
                .contains("ENUM_ARRAY_NARROWED", "\"b\""));
        assertThat(check(CompatibilityLevel.BACKWARD, "{\"type\":\"string\",\"maxLength\":5}", "{\"type\":\"string\"}"))
                .singleElement()
                .satisfies(m -> assertThat(m).contains("MAXLENGTH_ADDED"));
    }

    @Test
    void aSchemaThatFailsItsMetaSchemaIsInvalidWithTheValidatorsMessage() {
        assertThatThrownBy(() -> JSON.parse("{\"type\":\"strin\"}", List.of(), false))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.error()).isEqualTo(RegistryError.INVALID_SCHEMA);
                    assertThat(e.getMessage()).contains("Invalid JSON schema", "type");
                });
        assertThatThrownBy(() -> JSON.parse("{\"type\":", List.of(), false)).isInstanceOf(RegistryException.class);
        assertThatThrownBy(() -> JSON.parse("[1]", List.of(), false)).isInstanceOf(RegistryException.class);
        assertThatThrownBy(() -> JSON.parse("{\"$schema\":\"http://example.com/mine\"}", List.of(), false))
                .hasMessageContaining("unknown $schema");
    }

    @Test
    void drafts7And2020_12AreRecognisedAndNormalizingSortsKeys() {
        assertThat(JSON.parse(
                                "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\"}",
                                List.of(),
                                false)
                        .canonical())
                .contains("draft-07");
        assertThat(JSON.parse(
                                "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\","
                                        + "\"prefixItems\":[{\"type\":\"string\"}]}",
                                List.of(),
                                false)
                        .canonical())
                .contains("prefixItems");
        assertThat(JSON.parse("{\"type\":\"object\",\"title\":\"t\"}", List.of(), true)
                        .canonical())
                .isEqualTo(JSON.parse("{\"title\":\"t\",\"type\":\"object\"}", List.of(), true)
                        .canonical());
    }
}
