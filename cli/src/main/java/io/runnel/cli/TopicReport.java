package io.runnel.cli;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The text of {@code topics --describe}, line for line as Kafka 4.x's {@code kafka-topics.sh} prints it, so scripts
 * that parse it keep working. One summary line per topic:
 *
 * <pre>Topic: t&#9;TopicId: Mx…&#9;PartitionCount: 3&#9;ReplicationFactor: 1&#9;Configs: k=v,k2=v2</pre>
 *
 * (Configs lists the entries whose source is not the built-in default) then one tab-indented line per partition:
 *
 * <pre>&#9;Topic: t&#9;Partition: 0&#9;Leader: 1&#9;Replicas: 1&#9;Isr: 1&#9;Elr: &#9;LastKnownElr: </pre>
 *
 * with {@code Leader: none} when the partition has no leader and {@code N/A} for ELR fields the broker did not report.
 * Also the partition filters of {@code --under-replicated-partitions} and friends.
 *
 * <p>Stateless.
 */
final class TopicReport {

    private TopicReport() {}

    static String topicLine(TopicDescription topic, Config config) {
        StringBuilder sb = new StringBuilder();
        sb.append("Topic: ").append(topic.name());
        if (topic.topicId() != null && !topic.topicId().equals(Uuid.ZERO_UUID)) {
            sb.append("\tTopicId: ").append(topic.topicId());
        }
        List<TopicPartitionInfo> partitions = topic.partitions();
        int replicationFactor = partitions.isEmpty()
                ? 0
                : partitions.stream()
                        .min((a, b) -> Integer.compare(a.partition(), b.partition()))
                        .get()
                        .replicas()
                        .size();
        sb.append("\tPartitionCount: ").append(partitions.size());
        sb.append("\tReplicationFactor: ").append(replicationFactor);
        sb.append("\tConfigs: ").append(overrides(config));
        return sb.toString();
    }

    static String partitionLine(String topic, TopicPartitionInfo p) {
        StringBuilder sb = new StringBuilder();
        sb.append("\tTopic: ").append(topic);
        sb.append("\tPartition: ").append(p.partition());
        sb.append("\tLeader: ")
                .append(hasLeader(p) ? Integer.toString(p.leader().id()) : "none");
        sb.append("\tReplicas: ").append(ids(p.replicas()));
        sb.append("\tIsr: ").append(ids(p.isr()));
        sb.append("\tElr: ").append(p.elr() == null ? "N/A" : ids(p.elr()));
        sb.append("\tLastKnownElr: ").append(p.lastKnownElr() == null ? "N/A" : ids(p.lastKnownElr()));
        return sb.toString();
    }

    /** {@code k=v,k2=v2} of the entries that are not built-in defaults, in the broker's order. */
    static String overrides(Config config) {
        if (config == null) {
            return "";
        }
        return config.entries().stream()
                .filter(e -> !e.isDefault())
                .map(e -> e.name() + "=" + e.value())
                .collect(Collectors.joining(","));
    }

    static boolean hasOverrides(Config config) {
        return config != null && config.entries().stream().anyMatch(e -> !e.isDefault());
    }

    static boolean hasLeader(TopicPartitionInfo p) {
        return p.leader() != null && !p.leader().isEmpty() && p.leader().id() >= 0;
    }

    static boolean underReplicated(TopicPartitionInfo p) {
        return p.isr().size() < p.replicas().size();
    }

    static boolean underMinIsr(TopicPartitionInfo p, Config config) {
        return !hasLeader(p) || p.isr().size() < minIsr(config);
    }

    static boolean atMinIsr(TopicPartitionInfo p, Config config) {
        return p.isr().size() == minIsr(config);
    }

    static boolean unavailable(TopicPartitionInfo p, Set<Integer> liveBrokers) {
        return !hasLeader(p) || !liveBrokers.contains(p.leader().id());
    }

    private static int minIsr(Config config) {
        ConfigEntry e = config == null ? null : config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
        if (e == null || e.value() == null) {
            return 1;
        }
        try {
            return Integer.parseInt(e.value().trim());
        } catch (NumberFormatException ex) {
            return 1;
        }
    }

    private static String ids(List<Node> nodes) {
        return nodes.stream().map(n -> Integer.toString(n.id())).collect(Collectors.joining(","));
    }
}
