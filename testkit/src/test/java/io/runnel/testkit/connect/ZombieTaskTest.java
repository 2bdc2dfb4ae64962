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

/** A task that does not stop in time is reported as a zombie and never runs twice. */
@Tag(ConnectFixture.TAG)
class ZombieTaskTest {

    @TempDir
    Path dir;

    @Test
    void aTaskThatIgnoresStopIsAZombieAndItsReplacementWaitsForIt() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        Files.createFile(work.resolve("hold"));
        try (ConnectFixture c = new ConnectFixture(dir, Map.of("task.shutdown.graceful.timeout.ms", "300"))) {
            c.send(
                    "POST",
                    "/connectors",
                    "{\"name\":\"st\",\"config\":{\"connector.class\":\"StubbornSource\"," + "\"dir\":\"" + work
                            + "\"}}");
            ConnectFixture.await(
                    Duration.ofSeconds(30), "the task to run", () -> c.getJson("/connectors/st/tasks/0/status")
                            .get("state")
                            .asText()
                            .equals("RUNNING"));
            assertThat(c.send("POST", "/connectors/st/tasks/0/restart", null).statusCode())
                    .isEqualTo(204);
            JsonNode zombie = c.getJson("/connectors/st/tasks/0/status");
            assertThat(zombie.get("state").asText()).isEqualTo("FAILED");
            assertThat(zombie.get("trace").asText())
                    .contains("did not stop within 300 ms")
                    .contains("zombie");

            Files.delete(work.resolve("hold")); // the zombie's thread can end now
            ConnectFixture.await(Duration.ofSeconds(30), "the replacement to run", () -> {
                JsonNode t = c.getJson("/connectors/st/tasks/0/status");
                return t.get("state").asText().equals("RUNNING") && t.has("restarts");
            });
            assertThat(c.getJson("/connectors/st/tasks/0/status")
                            .get("restarts")
                            .asInt())
                    .isEqualTo(1);
            assertThat(work.resolve("violations")).doesNotExist();
        }
    }
}
