package io.runnel.bench.probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Creates the topics of one benchmark session in a single Admin call and waits until every partition has a leader,
 * so that no measured run pays for topic creation.
 *
 * <p>Usage: {@code TopicSetup --bootstrap-server H:P --topics name:partitions[:k=v,k=v];name:partitions ...}.
 * Prints {@code TOPICS READY} and exits 0, or exits 1 with the error.
 */
public final class TopicSetup {

    private TopicSetup() {}

    public static void main(String[] args) throws Exception {
        ProbeArgs probeArgs = new ProbeArgs(args);
        List<NewTopic> topics = new ArrayList<>();
        for (String spec : probeArgs.required("topics").split(";")) {
            String[] parts = spec.split(":", 3);
            NewTopic topic = new NewTopic(parts[0], Integer.parseInt(parts[1]), (short) 1);
            if (parts.length == 3 && !parts[2].isEmpty()) {
                Map<String, String> configs = new HashMap<>();
                for (String kv : parts[2].split(",")) {
                    int eq = kv.indexOf('=');
                    configs.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
                topic.configs(configs);
            }
            topics.add(topic);
        }
        Properties props = probeArgs.clientProps();
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
            List<String> names = topics.stream().map(NewTopic::name).toList();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                boolean ready = true;
                try {
                    Map<String, TopicDescription> descriptions =
                            admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS);
                    for (TopicDescription description : descriptions.values()) {
                        for (TopicPartitionInfo partition : description.partitions()) {
                            ready &= partition.leader() != null
                                    && !partition.leader().isEmpty();
                        }
                    }
                } catch (Exception e) {
                    ready = false;
                }
                if (ready) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topics " + names + " have no leader after 60 s");
                }
                Thread.sleep(50);
            }
        }
        System.out.println("TOPICS READY");
    }
}
