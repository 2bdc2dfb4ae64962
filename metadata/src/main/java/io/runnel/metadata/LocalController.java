package io.runnel.metadata;

import io.runnel.common.Uuid;
import io.runnel.protocol.ApiException;
import io.runnel.protocol.Errors;
import java.io.IOException;
import java.nio.file.Path;
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
    private final MetadataChanges changes;
    private final ExecutorService executor;
    private final List<MetadataListener> listeners = new CopyOnWriteArrayList<>();
    private volatile MetadataImage image;

    public LocalController(int nodeId, Path metadataFile, TopicConfigValidator configValidator, Defaults defaults)
            throws IOException {
        this.nodeId = nodeId;
        this.changes = new MetadataChanges(configValidator, defaults, current -> List.of(nodeId));
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
            List<MetadataRecord> records = changes.createTopic(image, topic);
            if (validateOnly) {
                return image.apply(records).topic(topic.name());
            }
            commit(records);
            log.info(
                    "Created topic {} with {} partitions, id {}",
                    topic.name(),
                    image.topic(topic.name()).partitions().size(),
                    image.topic(topic.name()).id());
            return image.topic(topic.name());
        });
    }

    /** Deletes a topic and all its partitions. */
    @Override
    public CompletableFuture<TopicImage> deleteTopic(String name, Uuid id) {
        return submit(() -> {
            TopicImage topic = changes.topicToDelete(image, name, id);
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
            int current = image.topic(name) == null
                    ? 0
                    : image.topic(name).partitions().size();
            List<MetadataRecord> records = changes.createPartitions(image, name, totalCount, assignments);
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
            Map<String, String> configChanges,
            boolean replaceAll,
            boolean validateOnly,
            ConfigChangeValidator brokerValidator) {
        return submit(() -> {
            List<MetadataRecord> records =
                    changes.alterConfigs(image, resourceType, resourceName, configChanges, replaceAll, brokerValidator);
            if (!validateOnly && !records.isEmpty()) {
                commit(records);
                log.info("Updated configs of {} '{}': {}", resourceType, resourceName, configChanges);
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> registerBroker(BrokerRegistration registration) {
        return submit(() -> {
            List<MetadataRecord> records = changes.registerBroker(image, registration);
            if (!records.isEmpty()) {
                commit(records);
                log.info("Registered broker {} at {}", registration.nodeId(), registration.listeners());
            }
            return null;
        });
    }

    /** Reserves a block of {@code count} producer ids and returns the first. */
    @Override
    public CompletableFuture<Long> allocateProducerIds(int count) {
        return submit(() -> {
            long first = image.nextProducerId();
            commit(changes.allocateProducerIds(image, count));
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
