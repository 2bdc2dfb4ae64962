package io.runnel.broker.api;

import io.runnel.broker.BrokerIdentity;
import io.runnel.broker.network.Endpoint;
import io.runnel.broker.network.RequestContext;
import io.runnel.common.Uuid;
import io.runnel.metadata.Controller;
import io.runnel.metadata.MetadataImage;
import io.runnel.metadata.NewTopic;
import io.runnel.metadata.PartitionImage;
import io.runnel.metadata.TopicImage;
import io.runnel.metadata.TopicNames;
import io.runnel.protocol.ApiException;
import io.runnel.protocol.ApiKeys;
import io.runnel.protocol.Errors;
import io.runnel.protocol.message.MetadataRequestData;
import io.runnel.protocol.message.MetadataRequestData.MetadataRequestTopic;
import io.runnel.protocol.message.MetadataResponseData;
import io.runnel.protocol.message.MetadataResponseData.MetadataResponseBroker;
import io.runnel.protocol.message.MetadataResponseData.MetadataResponsePartition;
import io.runnel.protocol.message.MetadataResponseData.MetadataResponseTopic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * Metadata (v0-13): brokers, cluster id, controller, and topics with their partitions' leaders, replicas and ISR,
 * by name or by topic id. An unknown topic requested by name is created with the broker defaults when both the
 * request (v4+) and {@code auto.create.topics.enable} allow it; the response waits for the creation so the client
 * gets a usable answer at once. Internal topics are never auto-created.
 */
public final class MetadataHandler extends BaseHandler<MetadataRequestData, MetadataResponseData> {

    private final BrokerIdentity identity;
    private final Controller controller;
    private final BooleanSupplier autoCreateEnabled;

    public MetadataHandler(BrokerIdentity identity, Controller controller, BooleanSupplier autoCreateEnabled) {
        super(ApiKeys.METADATA, 0, 13);
        this.identity = identity;
        this.controller = controller;
        this.autoCreateEnabled = autoCreateEnabled;
    }

    @Override
    public CompletableFuture<MetadataResponseData> handle(RequestContext context, MetadataRequestData request) {
        short version = context.apiVersion();
        MetadataImage image = controller.image();
        boolean allTopics =
                request.topics() == null || (version == 0 && request.topics().isEmpty());
        if (allTopics) {
            List<MetadataResponseTopic> topics = new ArrayList<>();
            for (TopicImage t : image.topics().values()) {
                topics.add(describe(t, request));
            }
            return CompletableFuture.completedFuture(response(context, topics));
        }
        boolean autoCreate = (version < 4 || request.allowAutoTopicCreation()) && autoCreateEnabled.getAsBoolean();
        List<CompletableFuture<MetadataResponseTopic>> results = new ArrayList<>();
        for (MetadataRequestTopic requested : request.topics()) {
            results.add(describeOrCreate(image, requested, autoCreate, request, version));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .thenApply(v -> {
                    List<MetadataResponseTopic> topics = new ArrayList<>();
                    for (CompletableFuture<MetadataResponseTopic> f : results) {
                        topics.add(f.join());
                    }
                    return response(context, topics);
                });
    }

    private CompletableFuture<MetadataResponseTopic> describeOrCreate(
            MetadataImage image,
            MetadataRequestTopic requested,
            boolean autoCreate,
            MetadataRequestData request,
            short version) {
        String name = requested.name();
        Uuid id = requested.topicId();
        // A topic requested by id (v12+) carries a non-zero id; its name is null, or empty from clients that leave
        // the default. The answer for an unknown id names the id (clients key by-id answers on it), not a name.
        boolean byId = id != null && !id.equals(Uuid.ZERO_UUID);
        if (byId && version < 12) {
            // Versions 10 and 11 carry the field but not the feature (and cannot answer a null name).
            return CompletableFuture.completedFuture(new MetadataResponseTopic()
                    .setErrorCode(Errors.UNSUPPORTED_VERSION.code())
                    .setTopicId(id)
                    .setName(name == null ? "" : name));
        }
        if (byId || name == null) {
            TopicImage topic = byId ? image.topic(id) : null;
            if (topic == null) {
                return CompletableFuture.completedFuture(new MetadataResponseTopic()
                        .setErrorCode(Errors.UNKNOWN_TOPIC_ID.code())
                        .setTopicId(id == null ? Uuid.ZERO_UUID : id)
                        .setName(null));
            }
            return CompletableFuture.completedFuture(describe(topic, request));
        }
        TopicImage topic = image.topic(name);
        if (topic != null) {
            return CompletableFuture.completedFuture(describe(topic, request));
        }
        try {
            TopicNames.validate(name);
        } catch (ApiException e) {
            return CompletableFuture.completedFuture(error(name, Errors.INVALID_TOPIC_EXCEPTION));
        }
        if (!autoCreate || name.startsWith("__")) {
            return CompletableFuture.completedFuture(error(name, Errors.UNKNOWN_TOPIC_OR_PARTITION));
        }
        return controller
                .createTopic(new NewTopic(name, -1, (short) -1, Map.of(), Map.of()), false)
                .handle((created, e) -> {
                    if (e == null) {
                        return describe(created, request);
                    }
                    Errors err = Errors.forException(e.getCause() != null ? e.getCause() : e);
                    if (err == Errors.TOPIC_ALREADY_EXISTS) {
                        TopicImage now = controller.image().topic(name);
                        if (now != null) {
                            return describe(now, request);
                        }
                    }
                    return error(name, err == Errors.TOPIC_ALREADY_EXISTS ? Errors.LEADER_NOT_AVAILABLE : err);
                });
    }

    private static MetadataResponseTopic error(String name, Errors error) {
        return new MetadataResponseTopic()
                .setName(name)
                .setErrorCode(error.code())
                .setTopicId(Uuid.ZERO_UUID);
    }

    private static MetadataResponseTopic describe(TopicImage topic, MetadataRequestData request) {
        List<MetadataResponsePartition> partitions = new ArrayList<>();
        for (PartitionImage p : topic.partitions()) {
            partitions.add(new MetadataResponsePartition()
                    .setErrorCode(Errors.NONE.code())
                    .setPartitionIndex(p.partition())
                    .setLeaderId(p.leader())
                    .setLeaderEpoch(p.leaderEpoch())
                    .setReplicaNodes(new ArrayList<>(p.replicas()))
                    .setIsrNodes(new ArrayList<>(p.isr()))
                    .setOfflineReplicas(new ArrayList<>()));
        }
        return new MetadataResponseTopic()
                .setErrorCode(Errors.NONE.code())
                .setName(topic.name())
                .setTopicId(topic.id())
                .setIsInternal(topic.isInternal())
                .setPartitions(partitions)
                .setTopicAuthorizedOperations(
                        request.includeTopicAuthorizedOperations() ? ALL_TOPIC_OPERATIONS : -2147483648);
    }

    /** READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE, DESCRIBE_CONFIGS, ALTER_CONFIGS (no authorizer yet). */
    static final int ALL_TOPIC_OPERATIONS =
            (1 << 3) | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 7) | (1 << 8) | (1 << 10) | (1 << 11);

    private MetadataResponseData response(RequestContext context, List<MetadataResponseTopic> topics) {
        Endpoint endpoint = identity.endpointFor(context.listenerName());
        List<MetadataResponseBroker> brokers = new ArrayList<>();
        brokers.add(new MetadataResponseBroker()
                .setNodeId(identity.nodeId())
                .setHost(endpoint.host())
                .setPort(endpoint.port())
                .setRack(identity.rack().isEmpty() ? null : identity.rack()));
        return new MetadataResponseData()
                .setBrokers(brokers)
                .setClusterId(identity.clusterId())
                .setControllerId(identity.nodeId())
                .setTopics(topics);
    }

    @Override
    public MetadataResponseData errorResponse(
            RequestContext context, MetadataRequestData request, Errors error, String message) {
        List<MetadataResponseTopic> topics = new ArrayList<>();
        if (request.topics() != null) {
            for (MetadataRequestTopic t : request.topics()) {
                topics.add(new MetadataResponseTopic()
                        .setName(t.name())
                        .setTopicId(t.topicId())
                        .setErrorCode(error.code()));
            }
        }
        return response(context, topics).setErrorCode(error.code());
    }
}
