package io.runnel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigAssignmentsTest {

    @Test
    void pairsAreSeparatedByCommas() {
        assertThat(ConfigAssignments.parse("retention.ms=1000,cleanup.policy=compact"))
                .containsExactly(Map.entry("retention.ms", "1000"), Map.entry("cleanup.policy", "compact"));
    }

    @Test
    void bracketsGroupAListValueAndAreDropped() {
        assertThat(ConfigAssignments.parse("k1=v1,cleanup.policy=[compact,delete],k3=v3"))
                .containsExactly(
                        Map.entry("k1", "v1"), Map.entry("cleanup.policy", "compact,delete"), Map.entry("k3", "v3"));
    }

    @Test
    void spacesAroundKeysAndValuesAreTrimmedAndEmptyValuesAllowed() {
        assertThat(ConfigAssignments.parse(" a = 1 , ssl.endpoint.identification.algorithm= ,"))
                .containsExactly(Map.entry("a", "1"), Map.entry("ssl.endpoint.identification.algorithm", ""));
    }

    @Test
    void aValueMaySplitOnlyAtTheFirstEquals() {
        assertThat(ConfigAssignments.parse("k=a=b")).containsExactly(Map.entry("k", "a=b"));
        assertThat(ConfigAssignments.parse("k=[x=1,y=2]")).containsExactly(Map.entry("k", "x=1,y=2"));
    }

    @Test
    void aPairWithoutEqualsIsRefused() {
        assertThatThrownBy(() -> ConfigAssignments.parse("a=1,oops"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("must be in the format \"key=val\"");
    }

    @Test
    void aKeyWithForbiddenCharactersIsRefused() {
        assertThatThrownBy(() -> ConfigAssignments.parse("bad key!=1"))
                .isInstanceOf(UsageException.class)
                .hasMessage("Invalid character found for config key: 'bad key!'");
    }

    @Test
    void deleteConfigNamesAreCommaSeparatedAcrossRepeats() {
        assertThat(ConfigAssignments.names(List.of("a, b", "c,"))).containsExactly("a", "b", "c");
    }
}
