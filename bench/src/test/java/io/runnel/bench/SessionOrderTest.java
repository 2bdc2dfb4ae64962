package io.runnel.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SessionOrderTest {

    private static final List<Contender> TWO = List.of(Contender.KAFKA, Contender.RUNNEL);
    private static final List<Contender> THREE =
            List.of(Contender.KAFKA, Contender.KAFKA_FLUSH_EACH, Contender.RUNNEL_DURABLE);

    @Test
    void theOrderFlipsOnEveryRepetition() {
        assertThat(SessionOrder.of(TWO, 1)).containsExactly(Contender.KAFKA, Contender.RUNNEL);
        assertThat(SessionOrder.of(TWO, 2)).containsExactly(Contender.RUNNEL, Contender.KAFKA);
        assertThat(SessionOrder.of(TWO, 3)).containsExactly(Contender.KAFKA, Contender.RUNNEL);
        assertThat(SessionOrder.of(TWO, 4)).containsExactly(Contender.RUNNEL, Contender.KAFKA);
    }

    @Test
    void overAnEvenNumberOfRepetitionsEveryContenderRunsFirstEquallyOften() {
        for (List<Contender> contenders : List.of(TWO, THREE)) {
            for (Contender c : contenders) {
                long first = 0;
                long last = 0;
                for (int rep = 1; rep <= 6; rep++) {
                    List<Contender> order = SessionOrder.of(contenders, rep);
                    assertThat(order).containsExactlyInAnyOrderElementsOf(contenders);
                    first += order.get(0).equals(c) ? 1 : 0;
                    last += order.get(order.size() - 1).equals(c) ? 1 : 0;
                }
                assertThat(first).isEqualTo(last);
            }
        }
        assertThat(SessionOrder.of(THREE, 2))
                .containsExactly(Contender.RUNNEL_DURABLE, Contender.KAFKA_FLUSH_EACH, Contender.KAFKA);
    }

    @Test
    void repetitionsCountFromOne() {
        assertThatThrownBy(() -> SessionOrder.of(TWO, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
