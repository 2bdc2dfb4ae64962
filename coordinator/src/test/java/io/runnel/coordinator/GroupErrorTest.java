package io.runnel.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

class GroupErrorTest {

    @Test
    void everyCodeIsKafkasCodeForTheSameName() {
        for (GroupError error : GroupError.values()) {
            assertThat(error.code())
                    .as(error.name())
                    .isEqualTo(Errors.valueOf(error.name()).code());
            assertThat(error.toErrors().name()).isEqualTo(error.name());
            assertThat(GroupError.forCode(error.code())).isEqualTo(error);
        }
    }
}
