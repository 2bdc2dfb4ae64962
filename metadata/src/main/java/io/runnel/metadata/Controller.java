package io.runnel.metadata;

import io.runnel.common.Uuid;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The only writer of cluster metadata, as the broker sees it. A change is validated against the current image,
 * made durable as {@link MetadataRecord}s, and then visible in {@link #image()} and to every
 * {@link MetadataListener}. Failures complete the returned future with an {@link io.runnel.protocol.ApiException}
 * carrying the Kafka error code the handler answers with.
 *
 * <p>{@link LocalController} is the single-node implementation over a local log; a replicated (Raft) controller
 * implements the same interface, so handlers never know which one they have. Implementations are thread-safe.
 * Partition leadership and ISR changes will be added here when replication arrives.
 */
public interface Controller extends AutoCloseable {

    /** The node this controller runs on. */
    int nodeId();

    /** The latest committed image; never null. */
    MetadataImage image();

    /** Registers a listener called after each committed change (see {@link MetadataListener}). */
    void addListener(MetadataListener listener);

    /** Publishes the loaded image to the listeners registered so far, once, at start-up. */
    CompletableFuture<Void> publishInitialImage();

    /** Records a broker's registration (its listeners and rack); replaces an earlier one of the same node. */
    CompletableFuture<Void> registerBroker(BrokerRegistration registration);

    /** Creates a topic; completes with its image (or, when validating only, the image it would have). */
    CompletableFuture<TopicImage> createTopic(NewTopic topic, boolean validateOnly);

    /** Deletes a topic, named by {@code name} or, when that is null, by {@code id}. */
    CompletableFuture<TopicImage> deleteTopic(String name, Uuid id);

    /** Grows a topic to {@code totalCount} partitions; {@code assignments} (may be null) for the new ones. */
    CompletableFuture<TopicImage> createPartitions(
            String name, int totalCount, List<List<Integer>> assignments, boolean validateOnly);

    /**
     * Changes configuration overrides of a topic or broker. {@code changes} maps keys to new values, null removing
     * an override; with {@code replaceAll} every override not in {@code changes} is removed (legacy AlterConfigs,
     * otherwise IncrementalAlterConfigs). The topic validator sees the complete resulting set of overrides;
     * {@code brokerValidator} checks non-topic resources.
     */
    CompletableFuture<Void> alterConfigs(
            String resourceType,
            String resourceName,
            Map<String, String> changes,
            boolean replaceAll,
            boolean validateOnly,
            ConfigChangeValidator brokerValidator);

    /** Reserves a block of {@code count} producer ids and returns the first. */
    CompletableFuture<Long> allocateProducerIds(int count);

    /** Checks non-topic configuration overrides. */
    @FunctionalInterface
    interface ConfigChangeValidator {
        /**
         * @throws io.runnel.common.config.ConfigException naming the first unknown key or invalid value
         */
        void validate(Map<String, String> overrides);
    }

    /**
     * The controller a node's configuration asks for, for the broker to call: a {@link RaftController} voter when
     * {@code controller.quorum.voters} is set (its log in {@code metadata.log.dir}, by default {@link
     * RaftController#defaultLogDir} of {@code dataDir}), otherwise the single-node {@link LocalController} over
     * {@code <dataDir>/cluster-metadata.log}, as today.
     */
    static Controller open(
            QuorumConfig quorum,
            java.nio.file.Path dataDir,
            TopicConfigValidator configValidator,
            LocalController.Defaults defaults,
            io.runnel.common.time.Time time)
            throws java.io.IOException {
        if (!quorum.isQuorum()) {
            return new LocalController(
                    quorum.nodeId(), dataDir.resolve("cluster-metadata.log"), configValidator, defaults);
        }
        java.nio.file.Path logDir = quorum.metadataLogDir().isBlank()
                ? RaftController.defaultLogDir(dataDir)
                : java.nio.file.Path.of(quorum.metadataLogDir());
        return new RaftController(quorum, logDir, configValidator, defaults, time);
    }

    @Override
    void close() throws java.io.IOException;
}
