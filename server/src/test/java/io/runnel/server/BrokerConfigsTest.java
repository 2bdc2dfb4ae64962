package io.runnel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.broker.Broker;
import io.runnel.common.time.Time;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerConfigsTest {

    @TempDir
    Path dir;

    private RunnelNode node;
    private Broker broker;
    private Admin admin;

    @BeforeEach
    void start() throws Exception {
        node = RunnelNode.builder(Map.of(
                        "listeners",
                        "PLAINTEXT://127.0.0.1:0",
                        "log.dir",
                        dir.toString(),
                        "log.segment.bytes",
                        "2000000"))
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
        admin.close();
        node.stop();
    }

    private Config topicConfig(String topic) throws Exception {
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(r), new DescribeConfigsOptions().includeSynonyms(true))
                .all()
                .get()
                .get(r);
    }

    @Test
    void topicConfigsShowTheirSourceAndChangeIncrementally() throws Exception {
        CreateTopicsResult created = admin.createTopics(
                List.of(new NewTopic("compacted", 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))));
        created.all().get();
        assertThat(created.config("compacted").get().get("cleanup.policy").value())
                .isEqualTo("compact");

        Config config = topicConfig("compacted");
        assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        assertThat(config.get("cleanup.policy").source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
        assertThat(config.get("retention.ms").value()).isEqualTo("604800000");
        assertThat(config.get("retention.ms").source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
        assertThat(config.get("segment.bytes").value()).isEqualTo("2000000");
        assertThat(config.get("segment.bytes").source()).isEqualTo(ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG);

        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "compacted");
        admin.incrementalAlterConfigs(Map.of(
                        topic,
                        List.of(
                                new AlterConfigOp(new ConfigEntry("retention.ms", "1000"), AlterConfigOp.OpType.SET),
                                new AlterConfigOp(
                                        new ConfigEntry("cleanup.policy", "delete"), AlterConfigOp.OpType.APPEND))))
                .all()
                .get();
        config = topicConfig("compacted");
        assertThat(config.get("retention.ms").value()).isEqualTo("1000");
        assertThat(config.get("cleanup.policy").value()).isEqualTo("compact,delete");

        admin.incrementalAlterConfigs(Map.of(
                        topic,
                        List.of(new AlterConfigOp(new ConfigEntry("retention.ms", null), AlterConfigOp.OpType.DELETE))))
                .all()
                .get();
        assertThat(topicConfig("compacted").get("retention.ms").value()).isEqualTo("604800000");
    }

    @Test
    void invalidAndUnknownConfigsAreRejectedNamingTheKey() throws Exception {
        admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get();
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "t");
        assertThatThrownBy(() -> admin.incrementalAlterConfigs(Map.of(
                                topic,
                                List.of(new AlterConfigOp(
                                        new ConfigEntry("retention.ms", "soon"), AlterConfigOp.OpType.SET))))
                        .all()
                        .get())
                .hasCauseInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("retention.ms");
        assertThatThrownBy(() -> admin.incrementalAlterConfigs(Map.of(
                                topic,
                                List.of(new AlterConfigOp(
                                        new ConfigEntry("retention.mss", "5"), AlterConfigOp.OpType.SET))))
                        .all()
                        .get())
                .hasCauseInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("retention.mss");
        assertThatThrownBy(() -> admin.createTopics(
                                List.of(new NewTopic("u", 1, (short) 1).configs(Map.of("cleanup.policy", "never"))))
                        .all()
                        .get())
                .hasCauseInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("cleanup.policy");
        assertThat(admin.listTopics().names().get()).doesNotContain("u");
        assertThatThrownBy(
                        () -> admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, "missing")))
                                .all()
                                .get())
                .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void aDynamicBrokerDefaultAppliesToTopicsWithoutOverrides() throws Exception {
        admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get();
        ConfigResource cluster = new ConfigResource(ConfigResource.Type.BROKER, "");
        admin.incrementalAlterConfigs(Map.of(
                        cluster,
                        List.of(new AlterConfigOp(
                                new ConfigEntry("log.retention.ms", "3600000"), AlterConfigOp.OpType.SET))))
                .all()
                .get();
        ConfigEntry retention = topicConfig("t").get("retention.ms");
        assertThat(retention.value()).isEqualTo("3600000");
        assertThat(retention.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);

        // The default resource lists exactly the dynamic defaults, and deleting one works.
        Collection<ConfigEntry> defaults =
                admin.describeConfigs(List.of(cluster)).all().get().get(cluster).entries();
        assertThat(defaults).extracting(ConfigEntry::name).containsExactly("log.retention.ms");
        assertThat(defaults.iterator().next().source())
                .isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);

        ConfigResource brokerResource = new ConfigResource(ConfigResource.Type.BROKER, "1");
        Collection<ConfigEntry> entries = admin.describeConfigs(List.of(brokerResource))
                .all()
                .get()
                .get(brokerResource)
                .entries();
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.name()).isEqualTo("log.retention.ms");
            assertThat(e.value()).isEqualTo("3600000");
        });
        assertThatThrownBy(() -> admin.incrementalAlterConfigs(Map.of(
                                brokerResource,
                                List.of(new AlterConfigOp(
                                        new ConfigEntry("listeners", "PLAINTEXT://:1"), AlterConfigOp.OpType.SET))))
                        .all()
                        .get())
                .hasCauseInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("listeners");

        admin.incrementalAlterConfigs(Map.of(
                        brokerResource,
                        List.of(new AlterConfigOp(
                                new ConfigEntry("log.retention.ms", "7200000"), AlterConfigOp.OpType.SET))))
                .all()
                .get();
        admin.incrementalAlterConfigs(Map.of(
                        cluster,
                        List.of(new AlterConfigOp(
                                new ConfigEntry("log.retention.ms", ""), AlterConfigOp.OpType.DELETE))))
                .all()
                .get();
        assertThat(admin.describeConfigs(List.of(cluster))
                        .all()
                        .get()
                        .get(cluster)
                        .entries())
                .isEmpty();
        assertThat(topicConfig("t").get("retention.ms").value())
                .as("the per-broker value remains")
                .isEqualTo("7200000");
    }
}
