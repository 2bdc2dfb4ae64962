package io.runnel.testkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.cli.Cli;
import io.runnel.testkit.Cluster;
import io.runnel.testkit.EmbeddedCluster;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code runnel console-producer} and {@code console-consumer} against a broker: the checks they make before
 * producing or consuming.
 */
@Cluster(brokerProperties = {"auto.create.topics.enable=false"})
class ConsoleIT {

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void producerToAMissingTopicFailsAtOnceWhenTheBrokerDoesNotCreateTopics(EmbeddedCluster cluster) {
        CliInvocation r = CliInvocation.withInput(
                "hello\n", "console-producer", "--bootstrap-server", cluster.bootstrapServers(), "--topic", "absent");
        assertThat(r.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(r.errLines())
                .containsExactly("Error: Topic 'absent' does not exist and the broker does not create topics on first"
                        + " use (auto.create.topics.enable=false)");
    }

    @Test
    void consumerOfAMissingTopicFailsAtOnceWhenTheBrokerDoesNotCreateTopics(EmbeddedCluster cluster) {
        CliInvocation r = CliInvocation.run(
                "console-consumer", "--bootstrap-server", cluster.bootstrapServers(), "--topic", "absent");
        assertThat(r.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(r.errLines())
                .containsExactly("Error: Topic 'absent' does not exist and the broker does not create"
                        + " topics on first use (auto.create.topics.enable=false)");
    }

    @Test
    void consumerOfAPartitionTheTopicDoesNotHaveFailsWithOneLine(EmbeddedCluster cluster) {
        cluster.createTopic("one", 1, Map.of());
        CliInvocation r = CliInvocation.run(
                "console-consumer",
                "--bootstrap-server",
                cluster.bootstrapServers(),
                "--topic",
                "one",
                "--partition",
                "5");
        assertThat(r.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(r.errLines())
                .containsExactly(
                        "Error: Partition 5 does not exist in topic 'one' (it has 1 partitions)",
                        "Processed a total of 0 messages");
    }

    @Test
    void producerFailsWithinMaxBlockMsWhenNoBrokerIsReachable() throws Exception {
        int port = closedPort();
        CliInvocation r = CliInvocation.withInput(
                "hello\n",
                "console-producer",
                "--bootstrap-server",
                "127.0.0.1:" + port,
                "--topic",
                "t",
                "--max-block-ms",
                "1500");
        assertThat(r.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(r.errLines())
                .containsExactly("Error: Could not reach any broker at 127.0.0.1:" + port
                        + " within 1500 ms; is a broker running there?");
    }

    @Test
    void consumerFailsWithinItsApiTimeoutWhenNoBrokerIsReachable() throws Exception {
        int port = closedPort();
        CliInvocation r = CliInvocation.run(
                "console-consumer",
                "--bootstrap-server",
                "127.0.0.1:" + port,
                "--topic",
                "t",
                "--consumer-property",
                "default.api.timeout.ms=1500");
        assertThat(r.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(r.errLines())
                .containsExactly("Error: Could not reach any broker at 127.0.0.1:" + port
                        + " within 1500 ms; is a broker running there?");
    }
}
