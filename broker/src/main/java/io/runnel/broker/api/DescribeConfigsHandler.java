package io.runnel.broker.api;

import io.runnel.broker.config.BrokerConfigCatalog;
import io.runnel.broker.config.ConfigEntry;
import io.runnel.broker.config.TopicConfigCatalog;
import io.runnel.broker.network.RequestContext;
import io.runnel.common.config.ConfigType;
import io.runnel.metadata.Controller;
import io.runnel.metadata.TopicImage;
import io.runnel.protocol.ApiKeys;
import io.runnel.protocol.Errors;
import io.runnel.protocol.message.DescribeConfigsRequestData;
import io.runnel.protocol.message.DescribeConfigsRequestData.DescribeConfigsResource;
import io.runnel.protocol.message.DescribeConfigsResponseData;
import io.runnel.protocol.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import io.runnel.protocol.message.DescribeConfigsResponseData.DescribeConfigsResult;
import io.runnel.protocol.message.DescribeConfigsResponseData.DescribeConfigsSynonym;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeConfigs (v1-4): effective configuration of topics and of this broker, with each value's source, and
 * on request its synonyms (v1+) and documentation and type (v3+). Kafka Streams and Connect read topic configs
 * here to check the internal topics they created (Connect insists on {@code cleanup.policy=compact}).
 */
public final class DescribeConfigsHandler extends BaseHandler<DescribeConfigsRequestData, DescribeConfigsResponseData> {

    private final Controller controller;
    private final TopicConfigCatalog topics;
    private final BrokerConfigCatalog broker;

    public DescribeConfigsHandler(Controller controller, TopicConfigCatalog topics, BrokerConfigCatalog broker) {
        super(ApiKeys.DESCRIBE_CONFIGS, 1, 4);
        this.controller = controller;
        this.topics = topics;
        this.broker = broker;
    }

    @Override
    public CompletableFuture<DescribeConfigsResponseData> handle(
            RequestContext context, DescribeConfigsRequestData request) {
        DescribeConfigsResponseData response = new DescribeConfigsResponseData();
        for (DescribeConfigsResource resource : request.resources()) {
            response.results().add(describe(resource, request));
        }
        return CompletableFuture.completedFuture(response);
    }

    private DescribeConfigsResult describe(DescribeConfigsResource resource, DescribeConfigsRequestData request) {
        DescribeConfigsResult result = new DescribeConfigsResult()
                .setResourceType(resource.resourceType())
                .setResourceName(resource.resourceName())
                .setErrorCode(Errors.NONE.code());
        List<ConfigEntry> entries;
        switch (ConfigResourceType.forCode(resource.resourceType())) {
            case TOPIC -> {
                TopicImage topic = controller.image().topic(resource.resourceName());
                if (topic == null) {
                    return result.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code())
                            .setErrorMessage("Topic " + resource.resourceName() + " does not exist");
                }
                entries = topics.describe(topic.configs());
            }
            case BROKER -> {
                String name = resource.resourceName();
                if (!name.isEmpty() && !name.equals(broker.nodeName())) {
                    return result.setErrorCode(Errors.INVALID_REQUEST.code())
                            .setErrorMessage(
                                    "Unexpected broker id, expected " + broker.nodeName() + " but received " + name);
                }
                // The cluster-wide default resource ("") holds only the dynamic defaults set on it, as in Kafka.
                entries = name.isEmpty() ? broker.describeClusterDefaults() : broker.describe();
            }
            default -> {
                return result.setErrorCode(Errors.INVALID_REQUEST.code())
                        .setErrorMessage("Unsupported resource type " + resource.resourceType());
            }
        }
        Set<String> wanted = resource.configurationKeys() == null ? null : new HashSet<>(resource.configurationKeys());
        for (ConfigEntry e : entries) {
            if (wanted != null && !wanted.contains(e.name())) {
                continue;
            }
            DescribeConfigsResourceResult r = new DescribeConfigsResourceResult()
                    .setName(e.name())
                    .setValue(e.sensitive() ? null : e.value())
                    .setReadOnly(e.readOnly())
                    .setConfigSource(e.source().code)
                    .setIsSensitive(e.sensitive())
                    .setConfigType(typeCode(e.type()))
                    .setDocumentation(request.includeDocumentation() ? e.documentation() : null);
            if (request.includeSynonyms()) {
                List<DescribeConfigsSynonym> synonyms = new ArrayList<>();
                for (ConfigEntry.Synonym s : e.synonyms()) {
                    synonyms.add(new DescribeConfigsSynonym()
                            .setName(s.name())
                            .setValue(e.sensitive() ? null : s.value())
                            .setSource(s.source().code));
                }
                r.setSynonyms(synonyms);
            }
            result.configs().add(r);
        }
        return result;
    }

    private static byte typeCode(ConfigType type) {
        return switch (type) {
            case BOOLEAN -> 1;
            case STRING -> 2;
            case INT -> 3;
            case SHORT -> 4;
            case LONG -> 5;
            case DOUBLE -> 6;
            case LIST -> 7;
            case PASSWORD -> 9;
        };
    }

    @Override
    public DescribeConfigsResponseData errorResponse(
            RequestContext context, DescribeConfigsRequestData request, Errors error, String message) {
        return request.errorResponse(context.apiVersion(), error.code(), message);
    }
}
