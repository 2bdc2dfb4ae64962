package io.runnel.broker.partition;

import io.runnel.broker.config.TopicConfigCatalog;
import io.runnel.broker.delayed.DelayedOperationPurgatory;
import io.runnel.common.Uuid;
import io.runnel.metadata.MetadataImage;
import io.runnel.metadata.MetadataListener;
import io.runnel.metadata.PartitionImage;
import io.runnel.metadata.TopicImage;
import io.runnel.storage.Log;
import io.runnel.storage.LogConfig;
import io.runnel.storage.LogManager;
import io.runnel.storage.TopicPartition;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partitions this broker hosts, kept in step with the metadata image: a new topic or partition gets a log, a
 * deleted topic's logs are deleted, and a change to a topic's configuration (or to a broker default it inherits)
 * is applied to its logs at once. When a partition's high watermark moves, the delayed fetches waiting on it are
 * re-checked.
 *
 * <p>Thread-safe: metadata changes arrive on the controller thread; lookups come from any thread.
 */
public final class ReplicaManager implements MetadataListener {

    private static final Logger log = LoggerFactory.getLogger(ReplicaManager.class);

    private final int nodeId;
    private final LogManager logManager;
    private final TopicConfigCatalog topicConfigs;
    private final boolean durable;
    private final DelayedOperationPurgatory<?> fetchPurgatory;
    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();
    private final Map<Uuid, String> topicNames = new ConcurrentHashMap<>();
    /** The effective configuration each topic's logs were last given, to notice changes. */
    private final Map<String, Map<String, String>> appliedConfigs = new HashMap<>();

    private final CopyOnWriteArrayList<Consumer<Partition>> highWatermarkListeners = new CopyOnWriteArrayList<>();

    public ReplicaManager(
            int nodeId,
            LogManager logManager,
            TopicConfigCatalog topicConfigs,
            boolean durable,
            DelayedOperationPurgatory<?> fetchPurgatory) {
        this.nodeId = nodeId;
        this.logManager = logManager;
        this.topicConfigs = topicConfigs;
        this.durable = durable;
        this.fetchPurgatory = fetchPurgatory;
    }

    /** Also told when any partition's high watermark moves (the coordinator uses it for its own partitions). */
    public void addHighWatermarkListener(Consumer<Partition> listener) {
        highWatermarkListeners.add(listener);
    }

    public Partition partition(TopicPartition tp) {
        return partitions.get(tp);
    }

    public Partition partition(String topic, int partition) {
        return partitions.get(new TopicPartition(topic, partition));
    }

    /** The topic name of a topic id this broker knows, or null. */
    public String topicName(Uuid topicId) {
        return topicNames.get(topicId);
    }

    public Collection<Partition> partitions() {
        return partitions.values();
    }

    public boolean isDurable() {
        return durable;
    }

    @Override
    public synchronized void onImage(MetadataImage previous, MetadataImage current) {
        // Deleted topics first, so a topic deleted and re-created under the same name starts afresh.
        for (TopicImage old : previous.topics().values()) {
            TopicImage now = current.topic(old.name());
            if (now == null || !now.id().equals(old.id())) {
                removeTopic(old);
            }
        }
        for (TopicImage topic : current.topics().values()) {
            Map<String, String> effective = topicConfigs.effective(topic.configs(), current);
            Map<String, String> applied = appliedConfigs.get(topic.name());
            LogConfig config = LogConfig.of(effective);
            if (applied != null && !applied.equals(effective)) {
                for (PartitionImage p : topic.partitions()) {
                    Partition partition = partitions.get(new TopicPartition(topic.name(), p.partition()));
                    if (partition != null) {
                        partition.log().updateConfig(config);
                    }
                }
                log.info("Applied new configuration to topic {}", topic.name());
            }
            appliedConfigs.put(topic.name(), effective);
            topicNames.put(topic.id(), topic.name());
            for (PartitionImage p : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.name(), p.partition());
                if (!partitions.containsKey(tp) && p.replicas().contains(nodeId)) {
                    createPartition(tp, topic.id(), p, config);
                }
            }
        }
    }

    private void createPartition(TopicPartition tp, Uuid topicId, PartitionImage p, LogConfig config) {
        Log partitionLog = logManager.getOrCreateLog(tp, config);
        partitions.put(tp, new Partition(tp, topicId, partitionLog, p.leaderEpoch(), durable, this::onHighWatermark));
    }

    /**
     * Reports logs found on disk whose partition is not in the metadata. They are left alone, never deleted: a
     * damaged metadata log must not cost data, and an operator can remove them by hand. Called once the first
     * image has been applied.
     */
    public synchronized void reportStrayLogs() {
        for (TopicPartition tp : logManager.allLogs().keySet()) {
            if (!partitions.containsKey(tp)) {
                log.warn(
                        "Log {} is on disk but its partition is not in the cluster metadata; it is not served and"
                                + " was left in place",
                        tp);
            }
        }
    }

    private void removeTopic(TopicImage topic) {
        appliedConfigs.remove(topic.name());
        topicNames.remove(topic.id());
        for (PartitionImage p : topic.partitions()) {
            TopicPartition tp = new TopicPartition(topic.name(), p.partition());
            Partition removed = partitions.remove(tp);
            if (removed != null) {
                try {
                    logManager.deleteLog(tp);
                } catch (RuntimeException e) {
                    log.error("Could not delete the log of {}", tp, e);
                }
                fetchPurgatory.checkAndComplete(tp);
            }
        }
    }

    private void onHighWatermark(Partition partition) {
        fetchPurgatory.checkAndComplete(partition.topicPartition());
        for (Consumer<Partition> l : highWatermarkListeners) {
            l.accept(partition);
        }
    }
}
