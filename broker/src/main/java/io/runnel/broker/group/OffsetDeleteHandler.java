package io.runnel.broker.group;

import io.runnel.broker.api.BaseHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.coordinator.ErrorResponses;
import io.runnel.coordinator.GroupError;
import io.runnel.protocol.ApiKeys;
import io.runnel.protocol.Errors;
import io.runnel.protocol.message.OffsetDeleteRequestData;
import io.runnel.protocol.message.OffsetDeleteResponseData;
import java.util.concurrent.CompletableFuture;

/** OffsetDelete: deletes a group's committed offsets of topics it no longer consumes. Served by the shard of the group's {@code __consumer_offsets} partition. */
public final class OffsetDeleteHandler extends BaseHandler<OffsetDeleteRequestData, OffsetDeleteResponseData> {

    private final GroupCoordinatorHost host;

    public OffsetDeleteHandler(GroupCoordinatorHost host) {
        super(ApiKeys.OFFSET_DELETE, 0, GroupHandlers.max(ApiKeys.OFFSET_DELETE, 0));
        this.host = host;
    }

    @Override
    public CompletableFuture<OffsetDeleteResponseData> handle(RequestContext context, OffsetDeleteRequestData request) {
        return host.call(
                host.partitionFor(request.groupId()),
                shard -> shard.deleteOffsets(GroupHandlers.context(context), request),
                e -> ErrorResponses.of(request, context.apiVersion(), e));
    }

    @Override
    public OffsetDeleteResponseData errorResponse(
            RequestContext context, OffsetDeleteRequestData request, Errors error, String message) {
        return ErrorResponses.of(request, context.apiVersion(), GroupError.forCode(error.code()), message);
    }
}
