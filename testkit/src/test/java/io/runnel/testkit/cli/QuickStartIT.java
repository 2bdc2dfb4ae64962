package io.runnel.testkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.testkit.RunnelProcess;
import io.runnel.testkit.RunnelToolProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Quick Start of Apache Kafka's documentation (the project's seed document), with {@code bin/runnel} in place
 * of {@code bin/kafka-*.sh}: each step runs as its own process, as a newcomer would type it, against {@code
 * bin/runnel server} started as a separate process. Every wait is bounded.
 */
class QuickStartIT {

    private static final Duration TOOL = Duration.ofSeconds(60);

    @Test
    void quickStartWorksWithBinRunnel(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        try (RunnelProcess server =
                new RunnelProcess(data, RunnelProcess.freePort(), List.of()).start(Duration.ofSeconds(60))) {
            String bootstrap = server.bootstrapServers();

            // Create a topic named "test" with a single partition and only one replica.
            RunnelToolProcess create = RunnelToolProcess.run(
                    dir,
                    "create",
                    TOOL,
                    "",
                    List.of(
                            "topics",
                            "--create",
                            "--bootstrap-server",
                            bootstrap,
                            "--replication-factor",
                            "1",
                            "--partitions",
                            "1",
                            "--topic",
                            "test"));
            assertThat(create.exitCode()).as(create.toString()).isZero();
            assertThat(create.out()).isEqualTo("Created topic test.\n");

            // We can now see that topic if we run the list topic command.
            RunnelToolProcess list = RunnelToolProcess.run(
                    dir, "list", TOOL, "", List.of("topics", "--list", "--bootstrap-server", bootstrap));
            assertThat(list.exitCode()).as(list.toString()).isZero();
            assertThat(list.out()).isEqualTo("test\n");

            RunnelToolProcess describe = RunnelToolProcess.run(
                    dir,
                    "describe",
                    TOOL,
                    "",
                    List.of("topics", "--describe", "--bootstrap-server", bootstrap, "--topic", "test"));
            assertThat(describe.exitCode()).as(describe.toString()).isZero();
            assertThat(describe.out())
                    .containsPattern(
                            "^Topic: test\tTopicId: \\S+\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: \n")
                    .contains("\tTopic: test\tPartition: 0\tLeader: 1\tReplicas: 1\tIsr: 1\t");

            server.stop(Duration.ofSeconds(60));
            assertThat(server.log()).contains("shut down");
        }
    }
}
