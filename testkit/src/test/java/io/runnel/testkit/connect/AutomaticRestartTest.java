package io.runnel.testkit.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed task is restarted automatically with backoff; its status shows the restarts and the last trace. */
@Tag(ConnectFixture.TAG)
class AutomaticRestartTest {

    @TempDir
    Path dir;

    @Test
    void aTaskThatFailsIsRestartedUntilItRunsAndReportsWhy() throws Exception {
        Path missing = dir.resolve("not-yet");
        Path out = missing.resolve("out.txt");
        Map<String, String> props = Map.of(
                "runnel.connect.task.restart.backoff.initial.ms", "50",
                "runnel.connect.task.restart.backoff.max.ms", "400");
        try (ConnectFixture c = new ConnectFixture(dir, props)) {
            // The sink cannot open its file while the directory is missing: every start fails.
            c.send(
                    "POST",
                    "/connectors",
                    "{\"name\":\"flaky\",\"config\":{\"connector.class\":\"FileStreamSink\"," + "\"file\":\"" + out
                            + "\",\"topics\":\"t\"}}");
            ConnectFixture.await(Duration.ofSeconds(60), "two automatic restarts", () -> {
                JsonNode t = c.getJson("/connectors/flaky/tasks/0/status");
                return t.has("restarts") && t.get("restarts").asInt() >= 2;
            });
            Files.createDirectories(missing);
            ConnectFixture.await(Duration.ofSeconds(60), "the task to run after a restart", () -> c.getJson(
                            "/connectors/flaky/tasks/0/status")
                    .get("state")
                    .asText()
                    .equals("RUNNING"));
            JsonNode task = c.getJson("/connectors/flaky/tasks/0/status");
            assertThat(task.get("restarts").asInt()).isGreaterThanOrEqualTo(2);
            assertThat(task.get("last_trace").asText()).contains("Cannot open");
            assertThat(task.has("trace")).isFalse();
        }
    }
}
