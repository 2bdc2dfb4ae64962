package io.runnel.broker.api;

import io.runnel.broker.config.ConfigEntry;
import io.runnel.broker.config.TopicConfigCatalog;
import io.runnel.broker.network.RequestContext;
import io.runnel.common.Uuid;
import io.runnel.metadata.Controller;
import io.runnel.metadata.NewTopic;
import io.runnel.metadata.TopicImage;
import io.runnel.protocol.ApiKeys;
import io.runnel.protocol.Errors;
import io.runnel.protocol.message.CreateTopicsRequestData;
import io.runnel.protocol.message.CreateTopicsRequestData.CreatableReplicaAssignment;
import io.runnel.protocol.message.CreateTopicsRequestData.CreatableTopic;
import io.runnel.protocol.message.CreateTopicsRequestData.CreatableTopicConfig;
import io.runnel.protocol.message.CreateTopicsResponseData;
import io.runnel.protocol.message.CreateTopicsResponseData.CreatableTopicConfigs;
import io.runnel.protocol.message.CreateTopicsResponseData.CreatableTopicResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * CreateTopics (v2-7): creates each topic through the controller, or only validates with {@code validate_only}.
 * Each topic gets its own result: a bad name, an existing topic, a bad partition count or replication factor, or
 * an invalid config fails that topic alone with Kafka's error code and a message. From v5 the result carries the
 * partition count, replication factor and effective configs.
 */
public final class CreateTopicsHandler extends BaseHandler<CreateTopicsRequestData, CreateTopicsResponseData> {

    private final Controller controller;
    private final TopicConfigCatalog configs;

    public CreateTopicsHandler(Controller controller, TopicConfigCatalog configs) {
        super(ApiKeys.CREATE_TOPICS, 2, 7);
        this.controller = controller;
        this.configs = configs;
    }

    @Override
    public CompletableFuture<CreateTopicsResponseData> handle(RequestContext context, CreateTopicsRequestData request) {
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new HashSet<>();
        for (CreatableTopic t : request.topics()) {
            if (!seen.add(t.name())) {
                duplicates.add(t.name());
            }
        }
        List<CompletableFuture<CreatableTopicResult>> results = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        for (CreatableTopic t : request.topics()) {
            if (duplicates.contains(t.name())) {
                if (reported.add(t.name())) {
                    results.add(CompletableFuture.completedFuture(failed(
                            t.name(),
                            Errors.INVALID_REQUEST,
                            "Create topics request from client `"
                                    + context.clientId() + "` contains multiple entries for the following topics: "
                                    + t.name())));
                }
                continue;
            }
            results.add(create(context, t, request.validateOnly()));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .thenApply(v -> {
                    CreateTopicsResponseData response = new CreateTopicsResponseData();
                    for (CompletableFuture<CreatableTopicResult> f : results) {
                        response.topics().add(f.join());
                    }
                    return response;
                });
    }

    private CompletableFuture<CreatableTopicResult> create(
            RequestContext context, CreatableTopic t, boolean validateOnly) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (CreatableTopicConfig c : t.configs()) {
            overrides.put(c.name(), c.value());
        }
        Map<Integer, List<Integer>> assignments = new HashMap<>();
        for (CreatableReplicaAssignment a : t.assignments()) {
            assignments.put(a.partitionIndex(), a.brokerIds());
        }
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            if (e.getValue() == null) {
                return CompletableFuture.completedFuture(failed(
                        t.name(), Errors.INVALID_CONFIG, "Null value not supported for topic configs: " + e.getKey()));
            }
        }
        NewTopic spec = new NewTopic(t.name(), t.numPartitions(), t.replicationFactor(), assignments, overrides);
        return controller.createTopic(spec, validateOnly).handle((topic, e) -> {
            if (e != null) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                return failed(t.name(), Errors.forException(cause), cause.getMessage());
            }
            return success(context, topic);
        });
    }

    private CreatableTopicResult success(RequestContext context, TopicImage topic) {
        CreatableTopicResult result = new CreatableTopicResult()
                .setName(topic.name())
                .setTopicId(topic.id())
                .setErrorCode(Errors.NONE.code())
                .setNumPartitions(topic.partitions().size())
                .setReplicationFactor(
                        (short) topic.partitions().get(0).replicas().size());
        List<CreatableTopicConfigs> described = new ArrayList<>();
        for (ConfigEntry e : configs.describe(topic.configs())) {
            described.add(new CreatableTopicConfigs()
                    .setName(e.name())
                    .setValue(e.sensitive() ? null : e.value())
                    .setReadOnly(e.readOnly())
                    .setConfigSource(e.source().code)
                    .setIsSensitive(e.sensitive()));
        }
        return result.setConfigs(described);
    }

    private static CreatableTopicResult failed(String name, Errors error, String message) {
        return new CreatableTopicResult()
                .setName(name)
                .setTopicId(Uuid.ZERO_UUID)
                .setErrorCode(error.code())
                .setErrorMessage(message)
                .setNumPartitions(-1)
                .setReplicationFactor((short) -1)
                .setConfigs(null);
    }

    @Override
    public CreateTopicsResponseData errorResponse(
            RequestContext context, CreateTopicsRequestData request, Errors error, String message) {
        return request.errorResponse(context.apiVersion(), error.code(), message);
    }
}
