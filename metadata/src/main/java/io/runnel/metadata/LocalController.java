package io.runnel.metadata;

import io.runnel.common.Uuid;
import io.runnel.common.config.ConfigException;
import io.runnel.protocol.ApiException;
import io.runnel.protocol.Errors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-node controller: the only writer of cluster metadata. It validates a change against the current
 * image, appends the resulting records to the {@link MetadataLog} (fsynced), applies them to produce the next
 * image, and tells listeners. Changes are serialised on one thread, so validation always sees the latest image.
 * Replaying the log on start-up rebuilds the same image.
 *
 * <p>Thread-safe: any thread may submit; {@link #image()} is a volatile read.
 */
public final class LocalController implements Controller {

    private static final Logger log = LoggerFactory.getLogger(LocalController.class);

    /** The broker-level defaults the controller applies. */
    public record Defaults(int numPartitions, short replicationFactor, boolean deleteTopicEnable) {}

    private final int nodeId;
    private final MetadataLog metadataLog;
    private final TopicConfigValidator configValidator;
    private final Defaults defaults;
    private final ExecutorService executor;
    private final List<MetadataListener> listeners = new CopyOnWriteArrayList<>();
    private volatile MetadataImage image;

    public LocalController(int nodeId, Path metadataFile, TopicConfigValidator configValidator, Defaults defaults)
            throws IOException {
        this.nodeId = nodeId;
        this.configValidator = configValidator;
        this.defaults = defaults;
        this.metadataLog = MetadataLog.open(metadataFile);
        this.image = MetadataImage.EMPTY.apply(metadataLog.loadedRecords());
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "runnel-controller");
            t.setDaemon(true);
            return t;
        });
        log.info(
                "Loaded cluster metadata: {} topics from {} records",
                image.topics().size(),
                metadataLog.loadedRecords().size());
    }

    @Override
    public MetadataImage image() {
        return image;
    }

    @Override
    public int nodeId() {
        return nodeId;
    }

    @Override
    public void addListener(MetadataListener listener) {
        listeners.add(listener);
    }

    /** Creates a topic; completes with its image (or, when validating only, the image it would have). */
    @Override
    public CompletableFuture<TopicImage> createTopic(NewTopic topic, boolean validateOnly) {
        return submit(() -> {
            MetadataImage current = image;
            TopicNames.validate(topic.name());
            if (current.topic(topic.name()) != null) {
                throw Errors.TOPIC_ALREADY_EXISTS.exception("Topic '" + topic.name() + "' already exists.");
            }
            String collision = TopicNames.collisionKey(topic.name());
            for (String existing : current.topics().keySet()) {
                if (TopicNames.collisionKey(existing).equals(collision)) {
                    throw Errors.INVALID_TOPIC_EXCEPTION.exception(
                            "Topic '" + topic.name() + "' collides with existing topic: " + existing);
                }
            }
            Map<Integer, List<Integer>> assignment = assignment(topic);
            validateConfigs(topic.configs());
            Uuid id = Uuid.randomUuid();
            List<MetadataRecord> records = new ArrayList<>();
            records.add(new MetadataRecord.Topic(topic.name(), id.toString()));
            for (int p = 0; p < assignment.size(); p++) {
                List<Integer> replicas = assignment.get(p);
                records.add(new MetadataRecord.Partition(id.toString(), p, replicas, replicas, replicas.get(0), 0, 0));
            }
            topic.configs().forEach((k, v) -> records.add(new MetadataRecord.Config("topic", topic.name(), k, v)));
            if (validateOnly) {
                return current.apply(records).topic(topic.name());
            }
            commit(records);
            log.info("Created topic {} with {} partitions, id {}", topic.name(), assignment.size(), id);
            return image.topic(topic.name());
        });
    }

    private Map<Integer, List<Integer>> assignment(NewTopic topic) {
        Map<Integer, List<Integer>> result = new HashMap<>();
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
                checkReplicas(replicas, p);
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
        if (rf > 1) {
            throw Errors.INVALID_REPLICATION_FACTOR.exception("Unable to replicate the partition " + rf
                    + " time(s): The target replication factor of " + rf
                    + " cannot be reached because only 1 broker(s) are registered.");
        }
        for (int p = 0; p < partitions; p++) {
            result.put(p, List.of(nodeId));
        }
        return result;
    }

    private void checkReplicas(List<Integer> replicas, int partition) {
        if (replicas.isEmpty()) {
            throw Errors.INVALID_REPLICA_ASSIGNMENT.exception("The manual partition assignment includes an empty"
                    + " replica list for partition " + partition + ".");
        }
        if (replicas.stream().distinct().count() != replicas.size()) {
            throw Errors.INVALID_REPLICA_ASSIGNMENT.exception("The manual partition assignment includes the"
                    + " partition " + partition + " with duplicate replicas.");
        }
        for (int broker : replicas) {
            if (broker != nodeId) {
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

    /** Deletes a topic and all its partitions. */
    @Override
    public CompletableFuture<TopicImage> deleteTopic(String name, Uuid id) {
        return submit(() -> {
            if (!defaults.deleteTopicEnable()) {
                throw Errors.TOPIC_DELETION_DISABLED.exception("Topic deletion is disabled.");
            }
            TopicImage topic = name != null ? image.topic(name) : image.topic(id);
            if (topic == null) {
                throw name != null
                        ? Errors.UNKNOWN_TOPIC_OR_PARTITION.exception("This server does not host this topic-partition.")
                        : Errors.UNKNOWN_TOPIC_ID.exception("This server does not host this topic ID.");
            }
            commit(List.of(new MetadataRecord.RemoveTopic(topic.id().toString())));
            log.info("Deleted topic {} (id {})", topic.name(), topic.id());
            return topic;
        });
    }

    /** Grows a topic to {@code totalCount} partitions. */
    @Override
    public CompletableFuture<TopicImage> createPartitions(
            String name, int totalCount, List<List<Integer>> assignments, boolean validateOnly) {
        return submit(() -> {
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
            List<MetadataRecord> records = new ArrayList<>();
            for (int p = current; p < totalCount; p++) {
                List<Integer> replicas = assignments != null ? assignments.get(p - current) : List.of(nodeId);
                checkReplicas(replicas, p);
                records.add(new MetadataRecord.Partition(
                        topic.id().toString(), p, replicas, replicas, replicas.get(0), 0, 0));
            }
            if (validateOnly) {
                return image.apply(records).topic(name);
            }
            commit(records);
            log.info("Increased partitions of {} from {} to {}", name, current, totalCount);
            return image.topic(name);
        });
    }

    /**
     * Changes configuration overrides of a topic or broker. {@code changes} maps keys to new values, null removing
     * an override; with {@code replaceAll} every override not in {@code changes} is removed (legacy AlterConfigs).
     * The validator sees the complete resulting set of topic overrides.
     */
    @Override
    public CompletableFuture<Void> alterConfigs(
            String resourceType,
            String resourceName,
            Map<String, String> changes,
            boolean replaceAll,
            boolean validateOnly,
            ConfigChangeValidator brokerValidator) {
        return submit(() -> {
            Map<String, String> currentOverrides;
            if (resourceType.equals("topic")) {
                TopicImage topic = image.topic(resourceName);
                if (topic == null) {
                    throw Errors.UNKNOWN_TOPIC_OR_PARTITION.exception(
                            "The topic '" + resourceName + "' does not exist.");
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
            if (!validateOnly && !records.isEmpty()) {
                commit(records);
                log.info("Updated configs of {} '{}': {}", resourceType, resourceName, changes);
            }
            return null;
        });
    }

    /** Reserves a block of {@code count} producer ids and returns the first. */
    @Override
    public CompletableFuture<Void> registerBroker(BrokerRegistration registration) {
        return submit(() -> {
            if (!registration.equals(image.brokers().get(registration.nodeId()))) {
                commit(List.of(new MetadataRecord.RegisterBroker(
                        registration.nodeId(), registration.rack(), registration.listeners())));
                log.info("Registered broker {} at {}", registration.nodeId(), registration.listeners());
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Long> allocateProducerIds(int count) {
        return submit(() -> {
            long first = image.nextProducerId();
            commit(List.of(new MetadataRecord.ProducerIds(first + count)));
            return first;
        });
    }

    private void commit(List<MetadataRecord> records) {
        metadataLog.append(records);
        MetadataImage previous = image;
        image = previous.apply(records);
        for (MetadataListener l : listeners) {
            try {
                l.onImage(previous, image);
            } catch (RuntimeException e) {
                log.error("Metadata listener {} failed", l, e);
            }
        }
    }

    private <T> CompletableFuture<T> submit(java.util.concurrent.Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    result.complete(task.call());
                } catch (ApiException e) {
                    result.completeExceptionally(e);
                } catch (Throwable t) {
                    log.error("Controller operation failed", t);
                    result.completeExceptionally(t);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(Errors.BROKER_NOT_AVAILABLE.exception("The broker is shutting down."));
        }
        return result;
    }

    /** Publishes the loaded image to listeners once they are registered (start-up). */
    @Override
    public CompletableFuture<Void> publishInitialImage() {
        return submit(() -> {
            for (MetadataListener l : listeners) {
                l.onImage(MetadataImage.EMPTY, image);
            }
            return null;
        });
    }

    @Override
    public void close() throws IOException {
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        metadataLog.close();
    }
}
