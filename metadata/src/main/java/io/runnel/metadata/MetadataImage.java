package io.runnel.metadata;

import io.runnel.common.Uuid;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cluster's metadata at one point in the metadata log: topics by name and id, configuration overrides, the
 * registered brokers and the next producer id. Immutable: a change produces a new image ({@link #apply}), and readers hold whichever
 * image was current when they started, so handlers never see a half-applied change.
 */
public final class MetadataImage {

    public static final MetadataImage EMPTY = new MetadataImage(0, Map.of(), Map.of(), Map.of(), Map.of(), 0L);

    private final long offset;
    private final Map<String, TopicImage> topicsByName;
    private final Map<Uuid, TopicImage> topicsById;
    /** resource type → resource name → config overrides, for non-topic resources (brokers). */
    private final Map<String, Map<String, Map<String, String>>> resourceConfigs;

    private final Map<Integer, BrokerRegistration> brokers;
    private final long nextProducerId;

    private MetadataImage(
            long offset,
            Map<String, TopicImage> topicsByName,
            Map<Uuid, TopicImage> topicsById,
            Map<String, Map<String, Map<String, String>>> resourceConfigs,
            Map<Integer, BrokerRegistration> brokers,
            long nextProducerId) {
        this.offset = offset;
        this.brokers = brokers;
        this.topicsByName = topicsByName;
        this.topicsById = topicsById;
        this.resourceConfigs = resourceConfigs;
        this.nextProducerId = nextProducerId;
    }

    /** How many records this image reflects. */
    public long offset() {
        return offset;
    }

    public TopicImage topic(String name) {
        return topicsByName.get(name);
    }

    public TopicImage topic(Uuid id) {
        return topicsById.get(id);
    }

    /** Topics sorted by name. */
    public Map<String, TopicImage> topics() {
        return topicsByName;
    }

    /** Configuration overrides of a non-topic resource, e.g. ("broker", "1") or ("broker", "") for defaults. */
    public Map<String, String> configs(String resourceType, String resourceName) {
        return resourceConfigs.getOrDefault(resourceType, Map.of()).getOrDefault(resourceName, Map.of());
    }

    /** Registered brokers by node id. */
    public Map<Integer, BrokerRegistration> brokers() {
        return brokers;
    }

    public long nextProducerId() {
        return nextProducerId;
    }

    /** The image after {@code records}, in order. */
    public MetadataImage apply(List<MetadataRecord> records) {
        if (records.isEmpty()) {
            return this;
        }
        Builder b = new Builder(this);
        for (MetadataRecord r : records) {
            b.apply(r);
        }
        return b.build(offset + records.size());
    }

    /**
     * Records that rebuild this image when applied to {@link #EMPTY} (a snapshot of it): brokers, topics with their
     * partitions and overrides, other resources' overrides, then the producer-id mark.
     */
    public List<MetadataRecord> toRecords() {
        List<MetadataRecord> records = new ArrayList<>();
        brokers.values()
                .forEach(b -> records.add(new MetadataRecord.RegisterBroker(b.nodeId(), b.rack(), b.listeners())));
        for (TopicImage t : topicsByName.values()) {
            records.add(new MetadataRecord.Topic(t.name(), t.id().toString()));
            for (PartitionImage p : t.partitions()) {
                records.add(new MetadataRecord.Partition(
                        t.id().toString(),
                        p.partition(),
                        p.replicas(),
                        p.isr(),
                        p.leader(),
                        p.leaderEpoch(),
                        p.partitionEpoch()));
            }
            t.configs().forEach((k, v) -> records.add(new MetadataRecord.Config("topic", t.name(), k, v)));
        }
        new TreeMap<>(resourceConfigs)
                .forEach((type, byName) -> new TreeMap<>(byName).forEach((name, cfg) -> new TreeMap<>(cfg)
                        .forEach((k, v) -> records.add(new MetadataRecord.Config(type, name, k, v)))));
        if (nextProducerId != 0) {
            records.add(new MetadataRecord.ProducerIds(nextProducerId));
        }
        return records;
    }

    /** Accumulates changes with copy-on-write maps. Not thread-safe. */
    private static final class Builder {
        private final TreeMap<String, TopicImage> byName;
        private final Map<Uuid, TopicImage> byId;
        private final Map<String, Map<String, Map<String, String>>> resources;
        private final Map<Integer, BrokerRegistration> brokers;
        private long nextProducerId;

        Builder(MetadataImage base) {
            byName = new TreeMap<>(base.topicsByName);
            byId = new HashMap<>(base.topicsById);
            resources = new HashMap<>();
            base.resourceConfigs.forEach((type, byRes) -> {
                Map<String, Map<String, String>> copy = new HashMap<>();
                byRes.forEach((name, cfg) -> copy.put(name, new HashMap<>(cfg)));
                resources.put(type, copy);
            });
            brokers = new TreeMap<>(base.brokers);
            nextProducerId = base.nextProducerId;
        }

        void apply(MetadataRecord record) {
            if (record instanceof MetadataRecord.Topic t) {
                put(new TopicImage(t.name(), Uuid.fromString(t.topicId()), List.of(), Map.of()));
            } else if (record instanceof MetadataRecord.Partition p) {
                applyPartition(p);
            } else if (record instanceof MetadataRecord.Config c) {
                applyConfig(c);
            } else if (record instanceof MetadataRecord.RemoveTopic r) {
                TopicImage topic = byId.remove(Uuid.fromString(r.topicId()));
                if (topic != null) {
                    byName.remove(topic.name());
                }
            } else if (record instanceof MetadataRecord.ProducerIds p) {
                nextProducerId = Math.max(nextProducerId, p.nextProducerId());
            } else if (record instanceof MetadataRecord.RegisterBroker b) {
                brokers.put(b.nodeId(), new BrokerRegistration(b.nodeId(), b.rack(), b.listeners()));
            } else {
                throw new IllegalStateException("unknown metadata record " + record);
            }
        }

        private void applyPartition(MetadataRecord.Partition p) {
            TopicImage topic = byId.get(Uuid.fromString(p.topicId()));
            if (topic == null) {
                throw new IllegalStateException("partition record for unknown topic " + p.topicId());
            }
            List<PartitionImage> parts = new ArrayList<>(topic.partitions());
            PartitionImage image = new PartitionImage(
                    p.partition(),
                    List.copyOf(p.replicas()),
                    List.copyOf(p.isr()),
                    p.leader(),
                    p.leaderEpoch(),
                    p.partitionEpoch());
            if (p.partition() < parts.size()) {
                parts.set(p.partition(), image);
            } else if (p.partition() == parts.size()) {
                parts.add(image);
            } else {
                throw new IllegalStateException("partition " + p.partition() + " of " + topic.name()
                        + " recorded before partition " + parts.size());
            }
            put(new TopicImage(topic.name(), topic.id(), List.copyOf(parts), topic.configs()));
        }

        private void applyConfig(MetadataRecord.Config c) {
            if (c.resourceType().equals("topic")) {
                TopicImage topic = byName.get(c.resourceName());
                if (topic == null) {
                    throw new IllegalStateException("config record for unknown topic " + c.resourceName());
                }
                Map<String, String> cfg = new TreeMap<>(topic.configs());
                if (c.value() == null) {
                    cfg.remove(c.name());
                } else {
                    cfg.put(c.name(), c.value());
                }
                put(new TopicImage(topic.name(), topic.id(), topic.partitions(), Collections.unmodifiableMap(cfg)));
                return;
            }
            Map<String, String> cfg = resources
                    .computeIfAbsent(c.resourceType(), k -> new HashMap<>())
                    .computeIfAbsent(c.resourceName(), k -> new HashMap<>());
            if (c.value() == null) {
                cfg.remove(c.name());
            } else {
                cfg.put(c.name(), c.value());
            }
        }

        private void put(TopicImage topic) {
            TopicImage old = byName.put(topic.name(), topic);
            if (old != null && !old.id().equals(topic.id())) {
                byId.remove(old.id());
            }
            byId.put(topic.id(), topic);
        }

        MetadataImage build(long offset) {
            Map<String, Map<String, Map<String, String>>> frozen = new HashMap<>();
            resources.forEach((type, byRes) -> {
                Map<String, Map<String, String>> m = new HashMap<>();
                byRes.forEach((name, cfg) -> m.put(name, Map.copyOf(cfg)));
                frozen.put(type, Map.copyOf(m));
            });
            return new MetadataImage(
                    offset,
                    Collections.unmodifiableMap(new TreeMap<>(byName)),
                    Map.copyOf(byId),
                    Map.copyOf(frozen),
                    Collections.unmodifiableMap(new TreeMap<>(brokers)),
                    nextProducerId);
        }
    }
}
