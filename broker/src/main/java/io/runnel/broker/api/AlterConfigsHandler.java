package io.runnel.broker.api;

import io.runnel.broker.config.BrokerConfigCatalog;
import io.runnel.broker.network.RequestContext;
import io.runnel.metadata.Controller;
import io.runnel.protocol.ApiKeys;
import io.runnel.protocol.Errors;
import io.runnel.protocol.message.AlterConfigsRequestData;
import io.runnel.protocol.message.AlterConfigsRequestData.AlterConfigsResource;
import io.runnel.protocol.message.AlterConfigsRequestData.AlterableConfig;
import io.runnel.protocol.message.AlterConfigsResponseData;
import io.runnel.protocol.message.AlterConfigsResponseData.AlterConfigsResourceResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * AlterConfigs (v0-2), the legacy form: the given set replaces all overrides of the resource (keys left out are
 * reset to their defaults).
 */
public final class AlterConfigsHandler extends BaseHandler<AlterConfigsRequestData, AlterConfigsResponseData> {

    private final Controller controller;
    private final BrokerConfigCatalog broker;

    public AlterConfigsHandler(Controller controller, BrokerConfigCatalog broker) {
        super(ApiKeys.ALTER_CONFIGS, 0, 2);
        this.controller = controller;
        this.broker = broker;
    }

    @Override
    public CompletableFuture<AlterConfigsResponseData> handle(RequestContext context, AlterConfigsRequestData request) {
        List<CompletableFuture<AlterConfigsResourceResponse>> results = new ArrayList<>();
        for (AlterConfigsResource resource : request.resources()) {
            Map<String, String> changes = new LinkedHashMap<>();
            for (AlterableConfig c : resource.configs()) {
                changes.put(c.name(), c.value());
            }
            results.add(ConfigChanges.apply(
                            controller,
                            broker,
                            resource.resourceType(),
                            resource.resourceName(),
                            changes,
                            true,
                            request.validateOnly())
                    .thenApply(error -> new AlterConfigsResourceResponse()
                            .setResourceType(resource.resourceType())
                            .setResourceName(resource.resourceName())
                            .setErrorCode(error.error().code())
                            .setErrorMessage(error.message())));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .thenApply(v -> {
                    AlterConfigsResponseData response = new AlterConfigsResponseData();
                    results.forEach(f -> response.responses().add(f.join()));
                    return response;
                });
    }

    @Override
    public AlterConfigsResponseData errorResponse(
            RequestContext context, AlterConfigsRequestData request, Errors error, String message) {
        return request.errorResponse(context.apiVersion(), error.code(), message);
    }
}
