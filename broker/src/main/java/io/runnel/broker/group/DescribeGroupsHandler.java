package io.runnel.broker.group;

import io.runnel.broker.api.BaseHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.coordinator.ErrorResponses;
import io.runnel.coordinator.GroupError;
import io.runnel.protocol.ApiKeys;
import io.runnel.protocol.Errors;
import io.runnel.protocol.message.DescribeGroupsRequestData;
import io.runnel.protocol.message.DescribeGroupsResponseData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** DescribeGroups: state, protocol and members of classic groups, each from its own shard. */
public final class DescribeGroupsHandler extends BaseHandler<DescribeGroupsRequestData, DescribeGroupsResponseData> {

    private final GroupCoordinatorHost host;

    public DescribeGroupsHandler(GroupCoordinatorHost host) {
        super(ApiKeys.DESCRIBE_GROUPS, 0, GroupHandlers.max(ApiKeys.DESCRIBE_GROUPS, 6));
        this.host = host;
    }

    @Override
    public CompletableFuture<DescribeGroupsResponseData> handle(
            RequestContext context, DescribeGroupsRequestData request) {
        Map<Integer, List<String>> byShard = new LinkedHashMap<>();
        for (String g : request.groups()) {
            byShard.computeIfAbsent(host.partitionFor(g), p -> new ArrayList<>())
                    .add(g);
        }
        List<CompletableFuture<DescribeGroupsResponseData>> parts = new ArrayList<>();
        for (Map.Entry<Integer, List<String>> e : byShard.entrySet()) {
            DescribeGroupsRequestData part = new DescribeGroupsRequestData()
                    .setGroups(e.getValue())
                    .setIncludeAuthorizedOperations(request.includeAuthorizedOperations());
            parts.add(host.call(
                    e.getKey(),
                    shard -> shard.describeGroups(GroupHandlers.context(context), part),
                    err -> ErrorResponses.of(part, context.apiVersion(), err)));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
            DescribeGroupsResponseData response = new DescribeGroupsResponseData();
            for (CompletableFuture<DescribeGroupsResponseData> f : parts) {
                response.groups().addAll(f.join().groups());
            }
            return response;
        });
    }

    @Override
    public DescribeGroupsResponseData errorResponse(
            RequestContext context, DescribeGroupsRequestData request, Errors error, String message) {
        return ErrorResponses.of(request, context.apiVersion(), GroupError.forCode(error.code()), message);
    }
}
