package io.runnel.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigDefTest {

    private final ConfigDef def = new ConfigDef()
            .define("num.partitions", ConfigType.INT, 1, ConfigValidator.atLeast(1), "partitions")
            .define("log.retention.ms", ConfigType.LONG, 604800000L, ConfigValidator.atLeast(-1), "retention")
            .define(
                    "cleanup.policy",
                    ConfigType.LIST,
                    "delete",
                    ConfigValidator.listOf(true, "delete", "compact"),
                    "policy")
            .define("auto.create.topics.enable", ConfigType.BOOLEAN, true, "auto create")
            .define("cluster.name", ConfigType.STRING, ConfigDef.NO_DEFAULT, "required");

    @Test
    void parsesStringsIntoTypedValuesAndFillsDefaults() {
        Map<String, Object> values = def.parse(
                Map.of("num.partitions", " 6 ", "cleanup.policy", "compact, delete", "cluster.name", "c1"), true);

        assertThat(values)
                .containsEntry("num.partitions", 6)
                .containsEntry("log.retention.ms", 604800000L)
                .containsEntry("cleanup.policy", List.of("compact", "delete"))
                .containsEntry("auto.create.topics.enable", true)
                .containsEntry("cluster.name", "c1");
    }

    @Test
    void unknownKeyIsNamedInStrictMode() {
        assertThatThrownBy(() -> def.parse(Map.of("cluster.name", "c", "num.partitons", "3"), true))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("num.partitons")
                .extracting(e -> ((ConfigException) e).name())
                .isEqualTo("num.partitons");
        assertThat(def.parse(Map.of("cluster.name", "c", "num.partitons", "3"), false))
                .doesNotContainKey("num.partitons");
    }

    @Test
    void invalidValuesAreRejectedNamingTheKey() {
        assertThatThrownBy(() -> def.parse(Map.of("cluster.name", "c", "num.partitions", "zero"), true))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("num.partitions");
        assertThatThrownBy(() -> def.parse(Map.of("cluster.name", "c", "num.partitions", "0"), true))
                .hasMessageContaining("num.partitions")
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> def.parse(Map.of("cluster.name", "c", "cleanup.policy", "forever"), true))
                .hasMessageContaining("cleanup.policy");
        assertThatThrownBy(() -> def.parse(Map.of("cluster.name", "c", "auto.create.topics.enable", "yes"), true))
                .hasMessageContaining("auto.create.topics.enable");
    }

    @Test
    void missingRequiredKeyIsNamed() {
        assertThatThrownBy(() -> def.parse(Map.of(), true)).hasMessageContaining("cluster.name");
    }

    @Test
    void configGivesTypedAccessAndKnowsWhatWasDefaulted() {
        Config config = new Config(def, Map.of("cluster.name", "c", "num.partitions", "3"), true);
        assertThat(config.getInt("num.partitions")).isEqualTo(3);
        assertThat(config.getLong("log.retention.ms")).isEqualTo(604800000L);
        assertThat(config.isDefault("num.partitions")).isFalse();
        assertThat(config.isDefault("log.retention.ms")).isTrue();
        assertThatThrownBy(() -> config.get("nope")).hasMessageContaining("nope");
    }

    @Test
    void definingAKeyTwiceIsAProgrammingError() {
        assertThatThrownBy(() ->
                        new ConfigDef().define("a", ConfigType.INT, 1, "a").define("a", ConfigType.INT, 1, "a"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
