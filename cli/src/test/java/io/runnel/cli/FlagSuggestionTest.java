package io.runnel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FlagSuggestionTest {

    private static final List<String> FLAGS = List.of("--list", "--bootstrap-server", "--from-beginning", "--topic");

    @Test
    void aTypoGetsTheClosestFlag() {
        assertThat(FlagSuggestion.closest("--lst", FLAGS)).contains("--list");
        assertThat(FlagSuggestion.closest("--bootstrap-servers", FLAGS)).contains("--bootstrap-server");
        assertThat(FlagSuggestion.closest("--from-begining=x", FLAGS)).contains("--from-beginning");
    }

    @Test
    void somethingUnrelatedGetsNoSuggestion() {
        assertThat(FlagSuggestion.closest("--zebra", FLAGS)).isEmpty();
    }

    @Test
    void distanceIsLevenshtein() {
        assertThat(FlagSuggestion.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(FlagSuggestion.distance("", "abc")).isEqualTo(3);
        assertThat(FlagSuggestion.distance("same", "same")).isZero();
    }
}
