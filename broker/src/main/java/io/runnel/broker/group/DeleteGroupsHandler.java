package io.runnel.broker.group;

import io.runnel.broker.api.BaseHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.coordinator.ErrorResponses;
import io.runnel.coordinator.GroupError;
import io.runnel.protocol.ApiKeys;
import io.runnel.protocol.Errors;
import io.runnel.protocol.message.DeleteGroupsRequestData;
import io.runnel.protocol.message.DeleteGroupsResponseData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** DeleteGroups: deletes empty groups and their offsets (NON_EMPTY_GROUP otherwise), each in its own shard. */
public final class DeleteGroupsHandler extends BaseHandler<DeleteGroupsRequestData, DeleteGroupsResponseData> {

    private final GroupCoordinatorHost host;

    public DeleteGroupsHandler(GroupCoordinatorHost host) {
        super(ApiKeys.DELETE_GROUPS, 0, GroupHandlers.max(ApiKeys.DELETE_GROUPS, 2));
        this.host = host;
    }

    @Override
    public CompletableFuture<DeleteGroupsResponseData> handle(RequestContext context, DeleteGroupsRequestData request) {
        Map<Integer, List<String>> byShard = new LinkedHashMap<>();
        for (String g : request.groupsNames()) {
            byShard.computeIfAbsent(host.partitionFor(g), p -> new ArrayList<>())
                    .add(g);
        }
        List<CompletableFuture<DeleteGroupsResponseData>> parts = new ArrayList<>();
        for (Map.Entry<Integer, List<String>> e : byShard.entrySet()) {
            DeleteGroupsRequestData part = new DeleteGroupsRequestData().setGroupsNames(e.getValue());
            parts.add(host.call(
                    e.getKey(),
                    shard -> shard.deleteGroups(GroupHandlers.context(context), part),
                    err -> ErrorResponses.of(part, context.apiVersion(), err)));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
            DeleteGroupsResponseData response = new DeleteGroupsResponseData();
            for (CompletableFuture<DeleteGroupsResponseData> f : parts) {
                response.results().addAll(f.join().results());
            }
            return response;
        });
    }

    @Override
    public DeleteGroupsResponseData errorResponse(
            RequestContext context, DeleteGroupsRequestData request, Errors error, String message) {
        return ErrorResponses.of(request, context.apiVersion(), GroupError.forCode(error.code()), message);
    }
}
