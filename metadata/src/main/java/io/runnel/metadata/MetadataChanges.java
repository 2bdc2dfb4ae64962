package io.runnel.metadata;

import io.runnel.common.Uuid;
import io.runnel.common.config.ConfigException;
import io.runnel.protocol.Errors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns a requested metadata change into the {@link MetadataRecord}s that make it, validated against one image:
 * the rules every controller shares (topic names and collisions, replica assignments over the known brokers,
 * configuration overrides, producer-id blocks). A refused change throws an {@link io.runnel.protocol.ApiException}
 * with the Kafka error code; nothing is written. Pure: it reads the image it is given and changes nothing, so the
 * local controller and the Raft leader validate exactly alike.
 *
 * <p>Thread-safe (stateless apart from its immutable collaborators).
 */
final class MetadataChanges {

    private final TopicConfigValidator configValidator;
    private final LocalController.Defaults defaults;
    private final Function<MetadataImage, List<Integer>> brokers;

    /**
     * @param brokers the brokers replicas may be placed on, in the image given (the single-node controller answers
     *     its own id; a cluster answers the registered brokers)
     */
    MetadataChanges(
            TopicConfigValidator configValidator,
            LocalController.Defaults defaults,
            Function<MetadataImage, List<Integer>> brokers) {
        this.configValidator = configValidator;
        this.defaults = defaults;
        this.brokers = brokers;
    }

    /** The records that create {@code topic}, with a fresh topic id. */
    List<MetadataRecord> createTopic(MetadataImage image, NewTopic topic) {
        TopicNames.validate(topic.name());
        if (image.topic(topic.name()) != null) {
            throw Errors.TOPIC_ALREADY_EXISTS.exception("Topic '" + topic.name() + "' already exists.");
        }
        String collision = TopicNames.collisionKey(topic.name());
        for (String existing : image.topics().keySet()) {
            if (TopicNames.collisionKey(existing).equals(collision)) {
                throw Errors.INVALID_TOPIC_EXCEPTION.exception(
                        "Topic '" + topic.name() + "' collides with existing topic: " + existing);
            }
        }
        Map<Integer, List<Integer>> assignment = assignment(image, topic);
        validateConfigs(topic.configs());
        Uuid id = Uuid.randomUuid();
        List<MetadataRecord> records = new ArrayList<>();
        records.add(new MetadataRecord.Topic(topic.name(), id.toString()));
        for (int p = 0; p < assignment.size(); p++) {
            List<Integer> replicas = assignment.get(p);
            records.add(new MetadataRecord.Partition(id.toString(), p, replicas, replicas, replicas.get(0), 0, 0));
        }
        topic.configs().forEach((k, v) -> records.add(new MetadataRecord.Config("topic", topic.name(), k, v)));
        return records;
    }

    private Map<Integer, List<Integer>> assignment(MetadataImage image, NewTopic topic) {
        Map<Integer, List<Integer>> result = new HashMap<>();
        List<Integer> known = brokers.apply(image);
        if (topic.assignments() != null && !topic.assignments().isEmpty()) {
            if (topic.numPartitions() != -1 || topic.replicationFactor() != -1) {
                throw Errors.INVALID_REQUEST.exception(
                        "Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be"
                                + " used at the same time.");
            }
            for (int p = 0; p < topic.assignments().size(); p++) {
                List<Integer> replicas = topic.assignments().get(p);
                if (replicas == null) {
                    throw Errors.INVALID_REPLICA_ASSIGNMENT.exception(
                            "Partitions must be numbered consecutively from 0; partition " + p + " is missing.");
                }
                checkReplicas(known, replicas, p);
                result.put(p, List.copyOf(replicas));
            }
            return result;
        }
        int partitions = topic.numPartitions() == -1 ? defaults.numPartitions() : topic.numPartitions();
        short rf = topic.replicationFactor() == -1 ? defaults.replicationFactor() : topic.replicationFactor();
        if (partitions <= 0) {
            throw Errors.INVALID_PARTITIONS.exception(
                    "Number of partitions was set to an invalid non-positive" + " value.");
        }
        if (rf <= 0) {
            throw Errors.INVALID_REPLICATION_FACTOR.exception(
                    "Replication factor must be larger than 0, or -1 to" + " use the default value.");
        }
        if (rf > known.size()) {
            throw Errors.INVALID_REPLICATION_FACTOR.exception("Unable to replicate the partition " + rf
                    + " time(s): The target replication factor of " + rf
                    + " cannot be reached because only " + known.size() + " broker(s) are registered.");
        }
        for (int p = 0; p < partitions; p++) {
            result.put(p, roundRobin(known, p, rf));
        }
        return result;
    }

    /** {@code count} consecutive brokers starting at partition {@code p}'s turn, so leaders spread evenly. */
    private static List<Integer> roundRobin(List<Integer> known, int p, int count) {
        List<Integer> replicas = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            replicas.add(known.get((p + i) % known.size()));
        }
        return List.copyOf(replicas);
    }

    private static void checkReplicas(List<Integer> known, List<Integer> replicas, int partition) {
        if (replicas.isEmpty()) {
            throw Errors.INVALID_REPLICA_ASSIGNMENT.exception("The manual partition assignment includes an empty"
                    + " replica list for partition " + partition + ".");
        }
        if (replicas.stream().distinct().count() != replicas.size()) {
            throw Errors.INVALID_REPLICA_ASSIGNMENT.exception("The manual partition assignment includes the"
                    + " partition " + partition + " with duplicate replicas.");
        }
        for (int broker : replicas) {
            if (!known.contains(broker)) {
                throw Errors.INVALID_REPLICA_ASSIGNMENT.exception("The manual partition assignment includes broker "
                        + broker + ", but no such broker is" + " registered.");
            }
        }
    }

    private void validateConfigs(Map<String, String> configs) {
        try {
            configValidator.validate(configs);
        } catch (ConfigException e) {
            throw Errors.INVALID_CONFIG.exception(e.getMessage());
        }
    }

    /** The topic to delete, named by {@code name} or, when that is null, by {@code id}. */
    TopicImage topicToDelete(MetadataImage image, String name, Uuid id) {
        if (!defaults.deleteTopicEnable()) {
            throw Errors.TOPIC_DELETION_DISABLED.exception("Topic deletion is disabled.");
        }
        TopicImage topic = name != null ? image.topic(name) : image.topic(id);
        if (topic == null) {
            throw name != null
                    ? Errors.UNKNOWN_TOPIC_OR_PARTITION.exception("This server does not host this topic-partition.")
                    : Errors.UNKNOWN_TOPIC_ID.exception("This server does not host this topic ID.");
        }
        return topic;
    }

    /** The records that grow topic {@code name} to {@code totalCount} partitions. */
    List<MetadataRecord> createPartitions(
            MetadataImage image, String name, int totalCount, List<List<Integer>> assignments) {
        TopicImage topic = image.topic(name);
        if (topic == null) {
            throw Errors.UNKNOWN_TOPIC_OR_PARTITION.exception("The topic '" + name + "' does not exist.");
        }
        int current = topic.partitions().size();
        if (totalCount < current) {
            throw Errors.INVALID_PARTITIONS.exception("The topic " + name + " currently has " + current
                    + " partition(s); " + totalCount + " would not be an increase.");
        }
        if (totalCount == current) {
            throw Errors.INVALID_PARTITIONS.exception("Topic already has " + current + " partition(s).");
        }
        if (assignments != null && assignments.size() != totalCount - current) {
            throw Errors.INVALID_REPLICA_ASSIGNMENT.exception("Attempted to add " + (totalCount - current)
                    + " additional partition(s), but only " + assignments.size() + " assignment(s) were"
                    + " specified.");
        }
        List<Integer> known = brokers.apply(image);
        int rf = topic.partitions().isEmpty()
                ? 1
                : topic.partitions().get(0).replicas().size();
        if (assignments == null && rf > known.size()) {
            throw Errors.INVALID_REPLICATION_FACTOR.exception("Unable to replicate the new partitions " + rf
                    + " time(s): only " + known.size() + " broker(s) are registered.");
        }
        List<MetadataRecord> records = new ArrayList<>();
        for (int p = current; p < totalCount; p++) {
            List<Integer> replicas = assignments != null ? assignments.get(p - current) : roundRobin(known, p, rf);
            checkReplicas(known, replicas, p);
            records.add(
                    new MetadataRecord.Partition(topic.id().toString(), p, replicas, replicas, replicas.get(0), 0, 0));
        }
        return records;
    }

    /** The records that change configuration overrides (see {@link Controller#alterConfigs}); may be empty. */
    List<MetadataRecord> alterConfigs(
            MetadataImage image,
            String resourceType,
            String resourceName,
            Map<String, String> changes,
            boolean replaceAll,
            Controller.ConfigChangeValidator brokerValidator) {
        Map<String, String> currentOverrides;
        if (resourceType.equals("topic")) {
            TopicImage topic = image.topic(resourceName);
            if (topic == null) {
                throw Errors.UNKNOWN_TOPIC_OR_PARTITION.exception("The topic '" + resourceName + "' does not exist.");
            }
            currentOverrides = topic.configs();
        } else {
            currentOverrides = image.configs(resourceType, resourceName);
        }
        Map<String, String> result = new HashMap<>(replaceAll ? Map.of() : currentOverrides);
        changes.forEach((k, v) -> {
            if (v == null) {
                result.remove(k);
            } else {
                result.put(k, v);
            }
        });
        if (resourceType.equals("topic")) {
            validateConfigs(result);
        } else {
            try {
                brokerValidator.validate(result);
            } catch (ConfigException e) {
                throw Errors.INVALID_CONFIG.exception(e.getMessage());
            }
        }
        List<MetadataRecord> records = new ArrayList<>();
        for (Map.Entry<String, String> e : currentOverrides.entrySet()) {
            if (!result.containsKey(e.getKey())) {
                records.add(new MetadataRecord.Config(resourceType, resourceName, e.getKey(), null));
            }
        }
        result.forEach((k, v) -> {
            if (!v.equals(currentOverrides.get(k))) {
                records.add(new MetadataRecord.Config(resourceType, resourceName, k, v));
            }
        });
        return records;
    }

    /** The record of a broker registration, or none when the image already has exactly this one. */
    List<MetadataRecord> registerBroker(MetadataImage image, BrokerRegistration registration) {
        if (registration.equals(image.brokers().get(registration.nodeId()))) {
            return List.of();
        }
        return List.of(new MetadataRecord.RegisterBroker(
                registration.nodeId(), registration.rack(), registration.listeners()));
    }

    /** The record reserving {@code count} producer ids from the image's next one. */
    List<MetadataRecord> allocateProducerIds(MetadataImage image, int count) {
        return List.of(new MetadataRecord.ProducerIds(image.nextProducerId() + count));
    }
}
