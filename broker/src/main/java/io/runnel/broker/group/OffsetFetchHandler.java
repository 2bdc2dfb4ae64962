package io.runnel.broker.group;

import io.runnel.broker.api.BaseHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.coordinator.ErrorResponses;
import io.runnel.coordinator.GroupError;
import io.runnel.protocol.ApiKeys;
import io.runnel.protocol.Errors;
import io.runnel.protocol.message.OffsetFetchRequestData;
import io.runnel.protocol.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import io.runnel.protocol.message.OffsetFetchResponseData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * OffsetFetch: committed offsets of one group (v1-7) or of several (v8+), each group answered by its own shard;
 * a multi-group request is split by shard and the answers concatenated.
 */
public final class OffsetFetchHandler extends BaseHandler<OffsetFetchRequestData, OffsetFetchResponseData> {

    private final GroupCoordinatorHost host;

    public OffsetFetchHandler(GroupCoordinatorHost host) {
        super(ApiKeys.OFFSET_FETCH, 1, GroupHandlers.max(ApiKeys.OFFSET_FETCH, 10));
        this.host = host;
    }

    @Override
    public CompletableFuture<OffsetFetchResponseData> handle(RequestContext context, OffsetFetchRequestData request) {
        short version = context.apiVersion();
        if (version < 8) {
            return host.call(
                    host.partitionFor(request.groupId()),
                    shard -> shard.fetchOffsets(GroupHandlers.context(context), request),
                    e -> ErrorResponses.of(request, version, e));
        }
        Map<Integer, List<OffsetFetchRequestGroup>> byShard = new LinkedHashMap<>();
        for (OffsetFetchRequestGroup g : request.groups()) {
            byShard.computeIfAbsent(host.partitionFor(g.groupId()), p -> new ArrayList<>())
                    .add(g);
        }
        List<CompletableFuture<OffsetFetchResponseData>> parts = new ArrayList<>();
        for (Map.Entry<Integer, List<OffsetFetchRequestGroup>> e : byShard.entrySet()) {
            OffsetFetchRequestData part = new OffsetFetchRequestData()
                    .setRequireStable(request.requireStable())
                    .setGroups(e.getValue());
            parts.add(host.call(
                    e.getKey(),
                    shard -> shard.fetchOffsets(GroupHandlers.context(context), part),
                    err -> ErrorResponses.of(part, version, err)));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
            OffsetFetchResponseData response = new OffsetFetchResponseData();
            for (CompletableFuture<OffsetFetchResponseData> f : parts) {
                response.groups().addAll(f.join().groups());
            }
            return response;
        });
    }

    @Override
    public OffsetFetchResponseData errorResponse(
            RequestContext context, OffsetFetchRequestData request, Errors error, String message) {
        return ErrorResponses.of(request, context.apiVersion(), GroupError.forCode(error.code()), message);
    }
}
