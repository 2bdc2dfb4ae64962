package io.runnel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConfigEntry.ConfigSource;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

class TopicReportTest {

    private static final Node N1 = new Node(1, "localhost", 9092);
    private static final Node N2 = new Node(2, "localhost", 9093);

    private static ConfigEntry entry(String name, String value, ConfigSource source) {
        return new ConfigEntry(name, value, source, false, false, List.of(), ConfigEntry.ConfigType.UNKNOWN, null);
    }

    @Test
    void topicLineMatchesKafkaTopicsDescribe() {
        Uuid id = Uuid.fromString("vTbUqtNxQ1WZb7mzvc5c7A");
        TopicDescription td = new TopicDescription(
                "test",
                false,
                List.of(
                        new TopicPartitionInfo(1, N2, List.of(N2, N1), List.of(N2)),
                        new TopicPartitionInfo(0, N1, List.of(N1, N2), List.of(N1, N2))),
                Set.of(),
                id);
        Config config = new Config(List.of(
                entry("cleanup.policy", "compact", ConfigSource.DYNAMIC_TOPIC_CONFIG),
                entry("retention.ms", "604800000", ConfigSource.DEFAULT_CONFIG),
                entry("segment.bytes", "1073741824", ConfigSource.STATIC_BROKER_CONFIG)));
        assertThat(TopicReport.topicLine(td, config))
                .isEqualTo("Topic: test\tTopicId: vTbUqtNxQ1WZb7mzvc5c7A\tPartitionCount: 2\tReplicationFactor: 2"
                        + "\tConfigs: cleanup.policy=compact,segment.bytes=1073741824");
    }

    @Test
    void aZeroTopicIdIsLeftOutAndNoOverridesLeaveConfigsEmpty() {
        TopicDescription td = new TopicDescription(
                "t", false, List.of(new TopicPartitionInfo(0, N1, List.of(N1), List.of(N1))), Set.of(), Uuid.ZERO_UUID);
        assertThat(TopicReport.topicLine(td, new Config(List.of())))
                .isEqualTo("Topic: t\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: ");
    }

    @Test
    void partitionLineShowsLeaderReplicasIsrAndElr() {
        TopicPartitionInfo p = new TopicPartitionInfo(0, N1, List.of(N1, N2), List.of(N1), List.of(N2), List.of());
        assertThat(TopicReport.partitionLine("test", p))
                .isEqualTo("\tTopic: test\tPartition: 0\tLeader: 1\tReplicas: 1,2\tIsr: 1\tElr: 2\tLastKnownElr: ");
    }

    @Test
    void aPartitionWithoutLeaderSaysNoneAndUnknownElrIsNotAvailable() {
        TopicPartitionInfo p = new TopicPartitionInfo(4, null, List.of(N1), List.of());
        assertThat(TopicReport.partitionLine("t", p))
                .isEqualTo("\tTopic: t\tPartition: 4\tLeader: none\tReplicas: 1\tIsr: \tElr: N/A\tLastKnownElr: N/A");
        assertThat(TopicReport.unavailable(p, Set.of(1))).isTrue();
        assertThat(TopicReport.underMinIsr(p, new Config(List.of()))).isTrue();
    }

    @Test
    void partitionReportsFollowIsrAndMinIsr() {
        TopicPartitionInfo p = new TopicPartitionInfo(0, N1, List.of(N1, N2), List.of(N1));
        Config minIsr2 = new Config(List.of(entry("min.insync.replicas", "2", ConfigSource.DYNAMIC_TOPIC_CONFIG)));
        assertThat(TopicReport.underReplicated(p)).isTrue();
        assertThat(TopicReport.underMinIsr(p, minIsr2)).isTrue();
        assertThat(TopicReport.atMinIsr(p, minIsr2)).isFalse();
        assertThat(TopicReport.atMinIsr(p, new Config(List.of()))).isTrue();
        assertThat(TopicReport.unavailable(p, Set.of(1))).isFalse();
        assertThat(TopicReport.unavailable(p, Set.of(2))).isTrue();
    }

    @Test
    void configLineMatchesKafkaConfigsDescribe() {
        // ConfigSynonym has no public constructor; lines with synonyms are checked against a broker in ConfigsIT.
        ConfigEntry e = new ConfigEntry(
                "retention.ms",
                "1000",
                ConfigSource.DYNAMIC_TOPIC_CONFIG,
                false,
                false,
                List.of(),
                ConfigEntry.ConfigType.LONG,
                null);
        assertThat(ConfigReport.entryLine(e)).isEqualTo("  retention.ms=1000 sensitive=false synonyms={}");
        ConfigEntry secret = new ConfigEntry(
                "ssl.key.password", null, ConfigSource.STATIC_BROKER_CONFIG, true, true, List.of(), null, null);
        assertThat(ConfigReport.entryLine(secret)).isEqualTo("  ssl.key.password=null sensitive=true synonyms={}");
    }
}
