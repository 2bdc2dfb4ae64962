package io.runnel.testkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.cli.Cli;
import io.runnel.testkit.Await;
import io.runnel.testkit.Cluster;
import io.runnel.testkit.EmbeddedCluster;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runnel topics} against a broker, checked through the Admin client. */
@Cluster(brokerProperties = {"num.partitions=2"})
class TopicsIT {

    private static String[] args(EmbeddedCluster cluster, String... rest) {
        String[] all = new String[rest.length + 2];
        all[0] = "--bootstrap-server";
        all[1] = cluster.bootstrapServers();
        System.arraycopy(rest, 0, all, 2, rest.length);
        return all;
    }

    private static CliInvocation topics(EmbeddedCluster cluster, String... rest) {
        return CliInvocation.run("topics", args(cluster, rest));
    }

    private static TopicDescription describe(EmbeddedCluster cluster, String topic) throws Exception {
        return cluster.admin()
                .describeTopics(List.of(topic))
                .allTopicNames()
                .get()
                .get(topic);
    }

    @Test
    void createdTopicIsListedAndDescribedLikeKafkaTopics(EmbeddedCluster cluster) throws Exception {
        CliInvocation created = topics(
                cluster,
                "--create",
                "--topic",
                "orders",
                "--partitions",
                "3",
                "--replication-factor",
                "1",
                "--config",
                "cleanup.policy=compact",
                "--config",
                "retention.ms=3600000");
        assertThat(created.exitCode()).as(created.toString()).isEqualTo(Cli.OK);
        assertThat(created.out()).isEqualTo("Created topic orders.\n");

        TopicDescription td = describe(cluster, "orders");
        assertThat(td.partitions()).hasSize(3);

        CliInvocation listed = topics(cluster, "--list");
        assertThat(listed.outLines()).containsExactly("orders");

        CliInvocation described = topics(cluster, "--describe", "--topic", "orders");
        assertThat(described.exitCode()).as(described.toString()).isEqualTo(Cli.OK);
        List<String> lines = described.outLines();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0))
                .startsWith("Topic: orders\tTopicId: " + td.topicId() + "\tPartitionCount: 3"
                        + "\tReplicationFactor: 1\tConfigs: ");
        assertThat(lines.get(0).substring(lines.get(0).indexOf("Configs: ") + 9).split(","))
                .contains("cleanup.policy=compact", "retention.ms=3600000");
        int leader = cluster.broker(0).config().nodeId();
        for (int p = 0; p < 3; p++) {
            assertThat(lines.get(p + 1))
                    .startsWith("\tTopic: orders\tPartition: " + p + "\tLeader: " + leader + "\tReplicas: " + leader
                            + "\tIsr: " + leader + "\tElr: ");
        }
    }

    @Test
    void defaultsComeFromTheBroker(EmbeddedCluster cluster) throws Exception {
        assertThat(topics(cluster, "--create", "--topic", "defaults").exitCode())
                .isEqualTo(Cli.OK);
        assertThat(describe(cluster, "defaults").partitions()).hasSize(2);
    }

    @Test
    void replicaAssignmentChoosesPartitionsAndLeaders(EmbeddedCluster cluster) throws Exception {
        int id = cluster.broker(0).config().nodeId();
        CliInvocation r =
                topics(cluster, "--create", "--topic", "placed", "--replica-assignment", id + "," + id + "," + id);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(Cli.OK);
        TopicDescription td = describe(cluster, "placed");
        assertThat(td.partitions()).hasSize(3);
        assertThat(td.partitions()).allSatisfy(p -> assertThat(p.leader().id()).isEqualTo(id));
    }

    @Test
    void creatingAnExistingTopicFailsUnlessIfNotExists(EmbeddedCluster cluster) {
        cluster.createTopic("dup", 1, Map.of());
        CliInvocation again = topics(cluster, "--create", "--topic", "dup");
        assertThat(again.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(again.errLines())
                .containsExactly("Error while executing topic command : Topic 'dup' already exists.");

        CliInvocation tolerated = topics(cluster, "--create", "--topic", "dup", "--if-not-exists");
        assertThat(tolerated.exitCode()).isEqualTo(Cli.OK);
        assertThat(tolerated.out()).isEmpty();
        assertThat(tolerated.err()).isEmpty();
    }

    @Test
    void anInvalidTopicConfigIsOneLineFromTheBroker(EmbeddedCluster cluster) throws Exception {
        CliInvocation r = topics(cluster, "--create", "--topic", "bad", "--config", "retention.ms=soon");
        assertThat(r.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).startsWith("Error while executing topic command : ").contains("retention.ms");
        assertThat(cluster.admin().listTopics().names().get()).doesNotContain("bad");
    }

    @Test
    void anInvalidPartitionCountIsRefusedBeforeAsking(EmbeddedCluster cluster) {
        CliInvocation r = topics(cluster, "--create", "--topic", "zero", "--partitions", "0");
        assertThat(r.exitCode()).isEqualTo(Cli.USAGE_ERROR);
        assertThat(r.err()).contains("The partitions must be greater than 0");
    }

    @Test
    void describingAMissingTopicFailsUnlessIfExists(EmbeddedCluster cluster) {
        CliInvocation missing = topics(cluster, "--describe", "--topic", "nope");
        assertThat(missing.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(missing.errLines())
                .containsExactly("Error while executing topic command : Topic 'nope' does not exist as expected");

        CliInvocation tolerated = topics(cluster, "--describe", "--topic", "nope", "--if-exists");
        assertThat(tolerated.exitCode()).isEqualTo(Cli.OK);
        assertThat(tolerated.out()).isEmpty();
    }

    @Test
    void topicIsARegularExpressionForListDescribeAndDelete(EmbeddedCluster cluster) throws Exception {
        cluster.createTopic("logs.app", 1, Map.of());
        cluster.createTopic("logs.db", 1, Map.of());
        cluster.createTopic("metrics", 1, Map.of());
        assertThat(topics(cluster, "--list", "--topic", "logs\\..*").outLines()).containsExactly("logs.app", "logs.db");
        assertThat(topics(cluster, "--list", "--topic", "metrics,logs.db").outLines())
                .containsExactly("logs.db", "metrics");
        assertThat(topics(cluster, "--describe", "--topic", "logs\\..*").outLines())
                .filteredOn(l -> l.startsWith("Topic: "))
                .hasSize(2);

        CliInvocation deleted = topics(cluster, "--delete", "--topic", "logs\\..*");
        assertThat(deleted.exitCode()).as(deleted.toString()).isEqualTo(Cli.OK);
        Await.until(Duration.ofSeconds(30), "logs.* deleted", () -> {
            try {
                return cluster.admin().listTopics().names().get().equals(java.util.Set.of("metrics"));
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    void topicsWithOverridesShowsOnlyThoseSummaries(EmbeddedCluster cluster) {
        cluster.createTopic("plain", 1, Map.of());
        cluster.createTopic("tuned", 1, Map.of("retention.ms", "1000"));
        CliInvocation r = topics(cluster, "--describe", "--topics-with-overrides");
        assertThat(r.exitCode()).isEqualTo(Cli.OK);
        assertThat(r.outLines()).hasSize(1);
        assertThat(r.outLines().get(0)).startsWith("Topic: tuned\t").endsWith("Configs: retention.ms=1000");
    }

    @Test
    void alterAddsPartitions(EmbeddedCluster cluster) throws Exception {
        cluster.createTopic("grow", 1, Map.of());
        CliInvocation r = topics(cluster, "--alter", "--topic", "grow", "--partitions", "4");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(Cli.OK);
        Await.until(Duration.ofSeconds(30), "4 partitions", () -> {
            try {
                return describe(cluster, "grow").partitions().size() == 4;
            } catch (Exception e) {
                return false;
            }
        });
        List<TopicPartitionInfo> partitions = describe(cluster, "grow").partitions();
        assertThat(partitions).extracting(TopicPartitionInfo::partition).containsExactlyInAnyOrder(0, 1, 2, 3);

        CliInvocation shrink = topics(cluster, "--alter", "--topic", "grow", "--partitions", "2");
        assertThat(shrink.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(shrink.errLines()).hasSize(1);
        assertThat(shrink.err()).startsWith("Error while executing topic command : ");
    }

    @Test
    void deletingAMissingTopicFailsUnlessIfExists(EmbeddedCluster cluster) {
        assertThat(topics(cluster, "--delete", "--topic", "ghost").exitCode()).isEqualTo(Cli.FAILED);
        assertThat(topics(cluster, "--delete", "--topic", "ghost", "--if-exists")
                        .exitCode())
                .isEqualTo(Cli.OK);
    }

    @Test
    void anUnreachableBrokerFailsWithinTheTimeoutWithOneLine(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("admin.properties");
        Files.writeString(config, "default.api.timeout.ms=1500\n");
        CliInvocation r = CliInvocation.run(
                "topics", "--bootstrap-server", "127.0.0.1:" + port, "--list", "--command-config", config.toString());
        assertThat(r.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(r.errLines())
                .containsExactly("Error while executing topic command : Could not reach any broker at 127.0.0.1:" + port
                        + " within 1500 ms; is a broker running there?");
    }

    @Test
    void anUnresolvableHostIsOneLine() {
        CliInvocation r = CliInvocation.run("topics", "--bootstrap-server", "no-such-host.invalid:9092", "--list");
        assertThat(r.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(r.errLines())
                .containsExactly(
                        "Error while executing topic command : No resolvable bootstrap urls given in bootstrap.servers");
    }
}
