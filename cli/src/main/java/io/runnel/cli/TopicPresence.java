package io.runnel.cli;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The check the console producer and consumer make before they start: within the bounded wait of an {@link
 * AdminConnection}, is a broker reachable, and does the topic exist? A missing topic is fine when the broker creates
 * topics on first use ({@code auto.create.topics.enable}, which the clients' metadata requests trigger, as with
 * Kafka); otherwise it is an error at once, rather than the clients' silent wait of {@code max.block.ms}.
 *
 * <p>Stateless.
 */
final class TopicPresence {

    static final String AUTO_CREATE = "auto.create.topics.enable";

    private TopicPresence() {}

    /** The topic's description, or null when it does not exist yet but the broker will create it on first use. */
    static TopicDescription require(AdminConnection connection, String topic) {
        try {
            Map<String, TopicDescription> found = connection.await(
                    connection.admin().describeTopics(List.of(topic)).allTopicNames());
            return found.get(topic);
        } catch (UnknownTopicOrPartitionException e) {
            if (brokerAutoCreates(connection)) {
                return null;
            }
            throw new CommandFailedException(
                    "Topic '" + topic + "' does not exist and the broker does not create topics on first use ("
                            + AUTO_CREATE + "=false)");
        }
    }

    /** True unless a broker says {@code auto.create.topics.enable=false}; unknown counts as true. */
    private static boolean brokerAutoCreates(AdminConnection connection) {
        try {
            List<Node> nodes = List.copyOf(
                    connection.await(connection.admin().describeCluster().nodes()));
            if (nodes.isEmpty()) {
                return true;
            }
            ConfigResource broker =
                    new ConfigResource(ConfigResource.Type.BROKER, nodes.get(0).idString());
            Config config = connection
                    .await(connection.admin().describeConfigs(List.of(broker)).all())
                    .get(broker);
            ConfigEntry entry = config == null ? null : config.get(AUTO_CREATE);
            return entry == null
                    || entry.value() == null
                    || !entry.value().trim().equalsIgnoreCase("false");
        } catch (RuntimeException e) {
            return true;
        }
    }
}
