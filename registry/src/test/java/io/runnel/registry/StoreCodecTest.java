package io.runnel.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoreCodecTest {

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void keysAreWrittenInTheEcosystemsFormatWithAFixedAttributeOrder() {
        assertThat(text(StoreCodec.key(new StoreKey.Schema("orders-value", 3))))
                .isEqualTo("{\"keytype\":\"SCHEMA\",\"subject\":\"orders-value\",\"version\":3,\"magic\":1}");
        assertThat(text(StoreCodec.key(new StoreKey.Config(null))))
                .isEqualTo("{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}");
        assertThat(text(StoreCodec.key(new StoreKey.ModeKey("s"))))
                .isEqualTo("{\"keytype\":\"MODE\",\"subject\":\"s\",\"magic\":0}");
        assertThat(text(StoreCodec.key(new StoreKey.DeleteSubject("s"))))
                .isEqualTo("{\"keytype\":\"DELETE_SUBJECT\",\"subject\":\"s\",\"magic\":0}");
        assertThat(text(StoreCodec.key(new StoreKey.Noop()))).isEqualTo("{\"keytype\":\"NOOP\",\"magic\":0}");
    }

    @Test
    void keysDecodeWhateverTheAttributeOrderAndUnknownKeyTypesAreSkipped() throws Exception {
        assertThat(StoreCodec.decodeKey(bytes("{\"magic\":1,\"version\":2,\"subject\":\"a\",\"keytype\":\"SCHEMA\"}")))
                .isEqualTo(new StoreKey.Schema("a", 2));
        assertThat(StoreCodec.decodeKey(bytes("{\"keytype\":\"CONFIG\",\"magic\":0}")))
                .isEqualTo(new StoreKey.Config(null));
        assertThat(StoreCodec.decodeKey(bytes("{\"keytype\":\"CONTEXT\",\"tenant\":\"t\",\"magic\":0}")))
                .isNull();
    }

    @Test
    void schemaValuesLeaveOutAvrosTypeAndEmptyReferencesAndRoundTrip() throws Exception {
        StoredSchema avro = new StoredSchema("s", 1, 7, "AVRO", "\"string\"", List.of(), false);
        assertThat(text(StoreCodec.schemaValue(avro)))
                .isEqualTo(
                        "{\"subject\":\"s\",\"version\":1,\"id\":7,\"schema\":\"\\\"string\\\"\",\"deleted\":false}");
        StoredSchema json =
                new StoredSchema("t", 2, 8, "JSON", "{}", List.of(new SchemaReference("r.json", "r", 1)), true);
        assertThat(StoreCodec.decodeSchemaValue(StoreCodec.schemaValue(json))).isEqualTo(json);
        assertThat(StoreCodec.decodeSchemaValue(StoreCodec.schemaValue(avro))).isEqualTo(avro);
    }

    @Test
    void configAndModeValuesAreTheEcosystemsShapes() throws Exception {
        assertThat(text(StoreCodec.configValue(CompatibilityLevel.FULL)))
                .isEqualTo("{\"compatibilityLevel\":\"FULL\"}");
        assertThat(StoreCodec.decodeConfigValue(bytes("{\"compatibilityLevel\":\"forward_transitive\"}")))
                .isEqualTo(CompatibilityLevel.FORWARD_TRANSITIVE);
        assertThat(text(StoreCodec.modeValue(Mode.IMPORT))).isEqualTo("{\"mode\":\"IMPORT\"}");
        assertThat(text(StoreCodec.deleteSubjectValue("s", 4))).isEqualTo("{\"subject\":\"s\",\"version\":4}");
    }
}
