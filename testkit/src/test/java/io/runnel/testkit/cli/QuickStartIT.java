package io.runnel.testkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.testkit.Await;
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

            // Send some messages: one per line, with the pre-4.0 flag the seed document uses.
            RunnelToolProcess producer = RunnelToolProcess.run(
                    dir,
                    "producer",
                    TOOL,
                    "Hello Kafka\nThis is an event that is streamed...\n",
                    List.of("console-producer", "--broker-list", bootstrap, "--topic", "test"));
            assertThat(producer.exitCode()).as(producer.toString()).isZero();
            assertThat(producer.err()).isEmpty();

            // Consume them from the beginning; the consumer runs until interrupted (SIGTERM, as Ctrl-C), then
            // reports its count.
            try (RunnelToolProcess consumer = RunnelToolProcess.start(
                    dir,
                    "consumer",
                    List.of(
                            "console-consumer",
                            "--bootstrap-server",
                            bootstrap,
                            "--topic",
                            "test",
                            "--from-beginning"))) {
                Await.until(TOOL, "both messages printed", () -> {
                    if (!consumer.isAlive()) {
                        throw new AssertionError("the consumer exited: " + consumer);
                    }
                    return consumer.out().equals("Hello Kafka\nThis is an event that is streamed...\n");
                });
                consumer.terminate();
                consumer.waitFor(TOOL);
                assertThat(consumer.err()).as(consumer.toString()).isEqualTo("Processed a total of 2 messages\n");
            }

            // --max-messages ends the consumer by itself, with exit code 0.
            RunnelToolProcess bounded = RunnelToolProcess.run(
                    dir,
                    "bounded",
                    TOOL,
                    "",
                    List.of(
                            "console-consumer",
                            "--bootstrap-server",
                            bootstrap,
                            "--topic",
                            "test",
                            "--from-beginning",
                            "--max-messages",
                            "1"));
            assertThat(bounded.exitCode()).as(bounded.toString()).isZero();
            assertThat(bounded.out()).isEqualTo("Hello Kafka\n");
            assertThat(bounded.err()).isEqualTo("Processed a total of 1 messages\n");

            server.stop(Duration.ofSeconds(60));
            assertThat(server.log()).contains("shut down");
        }
    }
}
