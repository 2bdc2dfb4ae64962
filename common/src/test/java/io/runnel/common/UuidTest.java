package io.runnel.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UuidTest {

    @Test
    void stringFormRoundTripsAndIsTwentyTwoUrlSafeCharacters() {
        for (int i = 0; i < 1000; i++) {
            Uuid id = Uuid.randomUuid();
            String s = id.toString();
            assertThat(s).hasSize(22).doesNotStartWith("-").matches("[A-Za-z0-9_-]+");
            assertThat(Uuid.fromString(s)).isEqualTo(id).hasSameHashCodeAs(id);
        }
    }

    @Test
    void zeroUuidHasAFixedForm() {
        assertThat(Uuid.ZERO_UUID.toString()).isEqualTo("AAAAAAAAAAAAAAAAAAAAAA");
        assertThat(Uuid.fromString("AAAAAAAAAAAAAAAAAAAAAQ")).isEqualTo(Uuid.METADATA_TOPIC_ID);
    }

    @Test
    void malformedStringsAreRejected() {
        assertThatThrownBy(() -> Uuid.fromString("not base64!")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Uuid.fromString("AAAA")).hasMessageContaining("16 bytes");
        assertThatThrownBy(() -> Uuid.fromString("A".repeat(40))).hasMessageContaining("too long");
    }
}
