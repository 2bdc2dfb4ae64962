package io.runnel.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seven levels over Avro evolution sequences: each level accepts what it must and refuses what it must. */
class AvroCompatibilityTest {

    private final AvroFormat avro = new AvroFormat();

    private static String user(String... fields) {
        return "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"com.acme\",\"fields\":["
                + String.join(",", fields) + "]}";
    }

    private static final String NAME = "{\"name\":\"name\",\"type\":\"string\"}";
    private static final String NAME_DEFAULT = "{\"name\":\"name\",\"type\":\"string\",\"default\":\"\"}";
    private static final String AGE = "{\"name\":\"age\",\"type\":\"int\"}";
    private static final String AGE_DEFAULT = "{\"name\":\"age\",\"type\":\"int\",\"default\":0}";

    /** The messages of registering {@code candidate} after {@code history} (oldest first) under {@code level}. */
    private List<String> check(CompatibilityLevel level, String candidate, String... history) {
        List<CompatibilityChecker.Previous> previous = new ArrayList<>();
        for (int i = 0; i < history.length; i++) {
            previous.add(new CompatibilityChecker.Previous(i + 1, avro.parse(history[i], List.of(), false)));
        }
        return CompatibilityChecker.check(level, avro.parse(candidate, List.of(), false), previous);
    }

    @Test
    void backwardAcceptsANewFieldWithADefaultAndADeletedFieldButRefusesANewFieldWithoutADefault() {
        assertThat(check(CompatibilityLevel.BACKWARD, user(NAME, AGE_DEFAULT), user(NAME)))
                .isEmpty();
        assertThat(check(CompatibilityLevel.BACKWARD, user(AGE_DEFAULT), user(NAME)))
                .isEmpty();
        List<String> refused = check(CompatibilityLevel.BACKWARD, user(NAME, AGE), user(NAME));
        assertThat(refused).singleElement().satisfies(m -> assertThat(m)
                .contains("BACKWARD", "READER_FIELD_MISSING_DEFAULT_VALUE", "'age'", "version 1", "/fields/1"));
    }

    @Test
    void forwardAcceptsANewFieldWithoutADefaultButRefusesDeletingAFieldThatHadNone() {
        assertThat(check(CompatibilityLevel.FORWARD, user(NAME, AGE), user(NAME)))
                .isEmpty();
        List<String> refused = check(CompatibilityLevel.FORWARD, user(AGE_DEFAULT), user(NAME));
        assertThat(refused).singleElement().satisfies(m -> assertThat(m)
                .contains("FORWARD", "READER_FIELD_MISSING_DEFAULT_VALUE", "'name'", "version 1 must read"));
    }

    @Test
    void fullAcceptsOnlyChangesToFieldsWithDefaults() {
        assertThat(check(CompatibilityLevel.FULL, user(NAME, AGE_DEFAULT), user(NAME)))
                .isEmpty();
        assertThat(check(CompatibilityLevel.FULL, user(NAME, AGE), user(NAME))).hasSize(1);
        assertThat(check(CompatibilityLevel.FULL, user(AGE_DEFAULT), user(NAME)))
                .hasSize(1);
    }

    @Test
    void noneAcceptsAnything() {
        assertThat(check(CompatibilityLevel.NONE, "\"int\"", user(NAME))).isEmpty();
    }

    @Test
    void backwardChecksOnlyTheLatestVersionAndBackwardTransitiveChecksThemAll() {
        String v1 = user(NAME);
        String v2 = user(NAME, AGE_DEFAULT);
        String v3 = user(AGE);
        assertThat(check(CompatibilityLevel.BACKWARD, v3, v1, v2)).isEmpty();
        assertThat(check(CompatibilityLevel.BACKWARD_TRANSITIVE, v3, v1, v2))
                .singleElement()
                .satisfies(m -> assertThat(m).contains("BACKWARD_TRANSITIVE", "version 1", "'age'"));
    }

    @Test
    void forwardChecksOnlyTheLatestVersionAndForwardTransitiveChecksThemAll() {
        String v1 = user(NAME);
        String v2 = user(NAME_DEFAULT, AGE);
        String v3 = user(AGE);
        assertThat(check(CompatibilityLevel.FORWARD, v2, v1)).isEmpty();
        assertThat(check(CompatibilityLevel.FORWARD, v3, v1, v2)).isEmpty();
        assertThat(check(CompatibilityLevel.FORWARD_TRANSITIVE, v3, v1, v2))
                .singleElement()
                .satisfies(m -> assertThat(m).contains("FORWARD_TRANSITIVE", "version 1", "'name'"));
    }

    @Test
    void fullChecksOnlyTheLatestVersionAndFullTransitiveChecksThemAll() {
        String v1 = user(NAME);
        String v2 = user(NAME_DEFAULT, AGE_DEFAULT);
        String v3 = user(AGE_DEFAULT);
        assertThat(check(CompatibilityLevel.FULL_TRANSITIVE, v2, v1)).isEmpty();
        assertThat(check(CompatibilityLevel.FULL, v3, v1, v2)).isEmpty();
        assertThat(check(CompatibilityLevel.FULL_TRANSITIVE, v3, v1, v2))
                .singleElement()
                .satisfies(m -> assertThat(m).contains("FULL_TRANSITIVE", "version 1", "'name'"));
    }

    @Test
    void aTypeChangeNamesBothTypes() {
        String v1 = user("{\"name\":\"n\",\"type\":\"long\"}");
        String narrowed = user("{\"name\":\"n\",\"type\":\"int\"}");
        assertThat(check(CompatibilityLevel.BACKWARD, narrowed, v1))
                .singleElement()
                .satisfies(m -> assertThat(m).contains("TYPE_MISMATCH", "INT", "LONG", "/fields/0/type"));
        assertThat(check(CompatibilityLevel.BACKWARD, v1, narrowed))
                .as("int promotes to long")
                .isEmpty();
    }

    @Test
    void anUnparsableSchemaIsAnInvalidSchemaErrorWithTheParsersMessage() {
        assertThatThrownBy(() -> avro.parse("{\"type\":\"record\",\"name\":\"X\"}", List.of(), false))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.error()).isEqualTo(RegistryError.INVALID_SCHEMA);
                    assertThat(e.getMessage()).contains("Record has no fields");
                });
        assertThatThrownBy(() -> avro.parse("{\"type\":\"int\",", List.of(), false))
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.error()).isEqualTo(RegistryError.INVALID_SCHEMA));
    }

    @Test
    void aSchemaUsingAReferencedTypeParsesWithItAndKeepsItAsAName() {
        String address = "{\"type\":\"record\",\"name\":\"Address\",\"namespace\":\"com.acme\",\"fields\":["
                + "{\"name\":\"city\",\"type\":\"string\"}]}";
        String person = "{\"type\":\"record\",\"name\":\"Person\",\"namespace\":\"com.acme\",\"fields\":["
                + "{\"name\":\"home\",\"type\":\"com.acme.Address\"}]}";
        assertThat(avro.parse(person, List.of(address), false).canonical())
                .contains("\"type\":\"Address\"")
                .doesNotContain("city");
        assertThatThrownBy(() -> avro.parse(person, List.of(), false)).isInstanceOf(RegistryException.class);
    }

    @Test
    void normalizingMakesEquivalentSpellingsOneText() {
        String a = "{\"type\":\"record\",\"name\":\"com.acme.T\",\"fields\":[{\"name\":\"f\",\"type\":\"int\"}],"
                + "\"x\":1,\"y\":2}";
        String b = "{\"y\":2,\"fields\":[{\"type\":{\"type\":\"int\"},\"name\":\"f\"}],\"x\":1,"
                + "\"namespace\":\"com.acme\",\"name\":\"T\",\"type\":\"record\"}";
        assertThat(avro.parse(a, List.of(), false).canonical())
                .isNotEqualTo(avro.parse(b, List.of(), false).canonical());
        assertThat(avro.parse(a, List.of(), true).canonical())
                .isEqualTo(avro.parse(b, List.of(), true).canonical());
    }
}
