package io.runnel.broker.group;

import io.runnel.broker.api.BaseHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.coordinator.ErrorResponses;
import io.runnel.coordinator.GroupError;
import io.runnel.protocol.ApiKeys;
import io.runnel.protocol.Errors;
import io.runnel.protocol.message.ConsumerGroupDescribeRequestData;
import io.runnel.protocol.message.ConsumerGroupDescribeResponseData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** ConsumerGroupDescribe (KIP-848): members, epochs and assignments of consumer groups, each from its shard. */
public final class ConsumerGroupDescribeHandler
        extends BaseHandler<ConsumerGroupDescribeRequestData, ConsumerGroupDescribeResponseData> {

    private final GroupCoordinatorHost host;

    public ConsumerGroupDescribeHandler(GroupCoordinatorHost host) {
        super(ApiKeys.CONSUMER_GROUP_DESCRIBE, 0, GroupHandlers.max(ApiKeys.CONSUMER_GROUP_DESCRIBE, 1));
        this.host = host;
    }

    @Override
    public boolean supportsVersion(short version) {
        return host.config().consumerProtocolEnabled() && super.supportsVersion(version);
    }

    @Override
    public CompletableFuture<ConsumerGroupDescribeResponseData> handle(
            RequestContext context, ConsumerGroupDescribeRequestData request) {
        Map<Integer, List<String>> byShard = new LinkedHashMap<>();
        for (String g : request.groupIds()) {
            byShard.computeIfAbsent(host.partitionFor(g), p -> new ArrayList<>())
                    .add(g);
        }
        List<CompletableFuture<ConsumerGroupDescribeResponseData>> parts = new ArrayList<>();
        for (Map.Entry<Integer, List<String>> e : byShard.entrySet()) {
            ConsumerGroupDescribeRequestData part = new ConsumerGroupDescribeRequestData()
                    .setGroupIds(e.getValue())
                    .setIncludeAuthorizedOperations(request.includeAuthorizedOperations());
            parts.add(host.call(
                    e.getKey(),
                    shard -> shard.consumerGroupDescribe(GroupHandlers.context(context), part),
                    err -> ErrorResponses.of(part, context.apiVersion(), err)));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
            ConsumerGroupDescribeResponseData response = new ConsumerGroupDescribeResponseData();
            for (CompletableFuture<ConsumerGroupDescribeResponseData> f : parts) {
                response.groups().addAll(f.join().groups());
            }
            return response;
        });
    }

    @Override
    public ConsumerGroupDescribeResponseData errorResponse(
            RequestContext context, ConsumerGroupDescribeRequestData request, Errors error, String message) {
        return ErrorResponses.of(request, context.apiVersion(), GroupError.forCode(error.code()), message);
    }
}
