package io.runnel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.broker.Broker;
import io.runnel.common.time.Time;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerAdminSmokeTest {

    @TempDir
    Path dir;

    private RunnelNode node;
    private Broker broker;
    private Admin admin;

    @BeforeEach
    void start() throws Exception {
        node = RunnelNode.builder(Map.of("listeners", "PLAINTEXT://127.0.0.1:0", "log.dir", dir.toString()))
                .time(Time.SYSTEM)
                .build()
                .start();
        broker = node.broker();
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        admin = Admin.create(props);
    }

    @AfterEach
    void stop() {
        if (admin != null) {
            admin.close();
        }
        node.stop();
    }

    @Test
    void adminClientCreatesListsDescribesGrowsAndDeletesTopics() throws Exception {
        assertThat(admin.describeCluster().clusterId().get())
                .isEqualTo(broker.identity().clusterId());
        assertThat(admin.describeCluster().nodes().get()).hasSize(1);

        admin.createTopics(List.of(new NewTopic("orders", 3, (short) 1))).all().get();
        assertThat(admin.listTopics().names().get()).contains("orders");
        TopicDescription d =
                admin.describeTopics(Set.of("orders")).allTopicNames().get().get("orders");
        assertThat(d.partitions()).hasSize(3);
        assertThat(d.partitions().get(0).leader().id()).isEqualTo(1);
        assertThat(d.partitions().get(0).isr()).hasSize(1);

        admin.createPartitions(Map.of("orders", NewPartitions.increaseTo(5)))
                .all()
                .get();
        assertThat(admin.describeTopics(Set.of("orders"))
                        .allTopicNames()
                        .get()
                        .get("orders")
                        .partitions())
                .hasSize(5);

        assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("orders", 1, (short) 1)))
                        .all()
                        .get())
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TopicExistsException.class);
        assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("bad name!", 1, (short) 1)))
                        .all()
                        .get())
                .hasCauseInstanceOf(InvalidTopicException.class);
        assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("three", 1, (short) 3)))
                        .all()
                        .get())
                .hasCauseInstanceOf(InvalidReplicationFactorException.class);

        admin.createTopics(
                        List.of(new NewTopic("dry-run", 2, (short) 1)),
                        new org.apache.kafka.clients.admin.CreateTopicsOptions().validateOnly(true))
                .all()
                .get();
        assertThat(admin.listTopics().names().get()).doesNotContain("dry-run");

        var dirs = admin.describeLogDirs(List.of(1)).allDescriptions().get().get(1);
        assertThat(dirs).hasSize(1);
        var dir = dirs.values().iterator().next();
        assertThat(dir.replicaInfos()).containsKey(new org.apache.kafka.common.TopicPartition("orders", 4));
        assertThat(dir.totalBytes()).isPresent();

        admin.deleteTopics(List.of("orders")).all().get();
        assertThat(admin.listTopics().names().get()).doesNotContain("orders");
        assertThatThrownBy(() -> admin.deleteTopics(List.of("orders")).all().get())
                .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void topicsSurviveARestart() throws Exception {
        admin.createTopics(List.of(new NewTopic("durable", 2, (short) 1))).all().get();
        String clusterId = broker.identity().clusterId();
        admin.close();
        node.stop();

        node = RunnelNode.builder(Map.of("listeners", "PLAINTEXT://127.0.0.1:0", "log.dir", dir.toString()))
                .time(Time.SYSTEM)
                .build()
                .start();
        broker = node.broker();
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        admin = Admin.create(props);
        assertThat(broker.identity().clusterId()).isEqualTo(clusterId);
        assertThat(admin.describeTopics(Set.of("durable"))
                        .allTopicNames()
                        .get()
                        .get("durable")
                        .partitions())
                .hasSize(2);
    }
}
