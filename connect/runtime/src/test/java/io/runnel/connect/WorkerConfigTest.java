package io.runnel.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Worker settings that need no broker: the automatic restart backoff (the restarts: testkit's AutomaticRestartTest). */
class WorkerConfigTest {

    @Test
    void theBackoffDoublesUpToItsMaximum() {
        WorkerConfig config = new WorkerConfig(Map.of(
                "runnel.connect.task.restart.backoff.initial.ms", "100",
                "runnel.connect.task.restart.backoff.max.ms", "1000"));
        assertThat(config.restartBackoffMs(0)).isEqualTo(100);
        assertThat(config.restartBackoffMs(1)).isEqualTo(200);
        assertThat(config.restartBackoffMs(3)).isEqualTo(800);
        assertThat(config.restartBackoffMs(4)).isEqualTo(1000);
        assertThat(config.restartBackoffMs(60)).isEqualTo(1000);
        assertThat(new WorkerConfig(Map.of("runnel.connect.task.restart.enable", "false")).restartBackoffMs(0))
                .isEqualTo(-1);
    }
}
