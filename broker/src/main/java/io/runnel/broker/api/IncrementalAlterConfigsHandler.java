package io.runnel.broker.api;

import io.runnel.broker.config.BrokerConfigCatalog;
import io.runnel.broker.config.TopicConfigCatalog;
import io.runnel.broker.network.RequestContext;
import io.runnel.common.config.ConfigKey;
import io.runnel.common.config.ConfigType;
import io.runnel.metadata.Controller;
import io.runnel.metadata.TopicImage;
import io.runnel.protocol.ApiKeys;
import io.runnel.protocol.Errors;
import io.runnel.protocol.message.IncrementalAlterConfigsRequestData;
import io.runnel.protocol.message.IncrementalAlterConfigsRequestData.AlterConfigsResource;
import io.runnel.protocol.message.IncrementalAlterConfigsRequestData.AlterableConfig;
import io.runnel.protocol.message.IncrementalAlterConfigsResponseData;
import io.runnel.protocol.message.IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * IncrementalAlterConfigs (v0-1): SET (0), DELETE (1), APPEND (2) and SUBTRACT (3) on individual keys of a topic or
 * of this broker; APPEND and SUBTRACT apply to list-typed keys only. A key named twice in one resource is
 * INVALID_REQUEST.
 */
public final class IncrementalAlterConfigsHandler
        extends BaseHandler<IncrementalAlterConfigsRequestData, IncrementalAlterConfigsResponseData> {

    private final Controller controller;
    private final TopicConfigCatalog topics;
    private final BrokerConfigCatalog broker;

    public IncrementalAlterConfigsHandler(
            Controller controller, TopicConfigCatalog topics, BrokerConfigCatalog broker) {
        super(ApiKeys.INCREMENTAL_ALTER_CONFIGS, 0, 1);
        this.controller = controller;
        this.topics = topics;
        this.broker = broker;
    }

    @Override
    public CompletableFuture<IncrementalAlterConfigsResponseData> handle(
            RequestContext context, IncrementalAlterConfigsRequestData request) {
        List<CompletableFuture<AlterConfigsResourceResponse>> results = new ArrayList<>();
        for (AlterConfigsResource resource : request.resources()) {
            results.add(alter(resource, request.validateOnly()));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .thenApply(v -> {
                    IncrementalAlterConfigsResponseData response = new IncrementalAlterConfigsResponseData();
                    results.forEach(f -> response.responses().add(f.join()));
                    return response;
                });
    }

    private CompletableFuture<AlterConfigsResourceResponse> alter(AlterConfigsResource resource, boolean validateOnly) {
        AlterConfigsResourceResponse response = new AlterConfigsResourceResponse()
                .setResourceType(resource.resourceType())
                .setResourceName(resource.resourceName());
        Map<String, String> changes = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        boolean topic = ConfigResourceType.forCode(resource.resourceType()) == ConfigResourceType.TOPIC;
        for (AlterableConfig c : resource.configs()) {
            if (!seen.add(c.name())) {
                return CompletableFuture.completedFuture(response.setErrorCode(Errors.INVALID_REQUEST.code())
                        .setErrorMessage("Error due to duplicate config keys: " + c.name()));
            }
            switch (c.configOperation()) {
                case 0 -> changes.put(c.name(), c.value());
                case 1 -> changes.put(c.name(), null);
                case 2, 3 -> {
                    Optional<ConfigKey> key = (topic ? topics.definition() : broker.definition()).key(c.name());
                    if (key.isEmpty() || key.get().type() != ConfigType.LIST) {
                        return CompletableFuture.completedFuture(response.setErrorCode(Errors.INVALID_CONFIG.code())
                                .setErrorMessage("Config value append/subtract is not allowed for config key "
                                        + c.name() + " which is not a list"));
                    }
                    List<String> current = new ArrayList<>(currentList(resource, c.name()));
                    List<String> items = c.value() == null || c.value().isBlank()
                            ? List.of()
                            : Arrays.stream(c.value().split(","))
                                    .map(String::trim)
                                    .toList();
                    if (c.configOperation() == 2) {
                        for (String item : items) {
                            if (!current.contains(item)) {
                                current.add(item);
                            }
                        }
                    } else {
                        current.removeAll(items);
                    }
                    changes.put(c.name(), String.join(",", current));
                }
                default -> {
                    return CompletableFuture.completedFuture(response.setErrorCode(Errors.INVALID_REQUEST.code())
                            .setErrorMessage("Unknown config operation " + c.configOperation()));
                }
            }
        }
        return ConfigChanges.apply(
                        controller,
                        broker,
                        resource.resourceType(),
                        resource.resourceName(),
                        changes,
                        false,
                        validateOnly)
                .thenApply(o -> response.setErrorCode(o.error().code()).setErrorMessage(o.message()));
    }

    private List<String> currentList(AlterConfigsResource resource, String key) {
        String value;
        if (ConfigResourceType.forCode(resource.resourceType()) == ConfigResourceType.TOPIC) {
            TopicImage t = controller.image().topic(resource.resourceName());
            value = t == null ? "" : topics.effective(t.configs()).get(key);
        } else {
            value = broker.value(key);
        }
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).toList();
    }

    @Override
    public IncrementalAlterConfigsResponseData errorResponse(
            RequestContext context, IncrementalAlterConfigsRequestData request, Errors error, String message) {
        return request.errorResponse(context.apiVersion(), error.code(), message);
    }
}
