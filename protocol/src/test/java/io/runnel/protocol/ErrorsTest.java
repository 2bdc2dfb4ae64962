package io.runnel.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.apache.kafka.common.errors.RetriableException;
import org.junit.jupiter.api.Test;

class ErrorsTest {

    @Test
    void everyKafkaErrorCodeHasTheSameNameRetriabilityAndMessage() {
        for (org.apache.kafka.common.protocol.Errors kafka : org.apache.kafka.common.protocol.Errors.values()) {
            Errors ours = Errors.forCode(kafka.code());
            assertThat(ours.name()).as("code %d", kafka.code()).isEqualTo(kafka.name());
            assertThat(ours.isRetriable())
                    .as("retriable %s", kafka.name())
                    .isEqualTo(kafka.exception() instanceof RetriableException);
            if (kafka != org.apache.kafka.common.protocol.Errors.NONE) {
                assertThat(ours.message()).as("message %s", kafka.name()).isEqualTo(kafka.message());
            }
        }
        assertThat(Errors.values()).hasSize(org.apache.kafka.common.protocol.Errors.values().length);
    }

    @Test
    void codesAreUniqueAndUnknownCodesMapToUnknownServerError() {
        assertThat(Arrays.stream(Errors.values()).map(Errors::code).distinct().count())
                .isEqualTo(Errors.values().length);
        assertThat(Errors.forCode((short) 30_000)).isEqualTo(Errors.UNKNOWN_SERVER_ERROR);
        assertThat(Errors.forCode((short) -7)).isEqualTo(Errors.UNKNOWN_SERVER_ERROR);
        assertThat(Errors.forCode((short) 0)).isEqualTo(Errors.NONE);
    }

    @Test
    void exceptionsMapBackToTheirErrors() {
        assertThat(Errors.forException(Errors.TOPIC_ALREADY_EXISTS.exception("t exists")))
                .isEqualTo(Errors.TOPIC_ALREADY_EXISTS);
        assertThat(Errors.forException(new UnsupportedVersionException("x"))).isEqualTo(Errors.UNSUPPORTED_VERSION);
        assertThat(Errors.forException(new MessageDecodeException("x"))).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(Errors.forException(new IllegalStateException())).isEqualTo(Errors.UNKNOWN_SERVER_ERROR);
    }
}
