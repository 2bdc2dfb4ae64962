package io.runnel.broker.group;

import io.runnel.broker.api.BaseHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.coordinator.ErrorResponses;
import io.runnel.coordinator.GroupError;
import io.runnel.protocol.ApiKeys;
import io.runnel.protocol.Errors;
import io.runnel.protocol.message.SyncGroupRequestData;
import io.runnel.protocol.message.SyncGroupResponseData;
import java.util.concurrent.CompletableFuture;

/** SyncGroup: the leader hands out assignments; members wait for theirs. Served by the shard of the group's {@code __consumer_offsets} partition. */
public final class SyncGroupHandler extends BaseHandler<SyncGroupRequestData, SyncGroupResponseData> {

    private final GroupCoordinatorHost host;

    public SyncGroupHandler(GroupCoordinatorHost host) {
        super(ApiKeys.SYNC_GROUP, 0, GroupHandlers.max(ApiKeys.SYNC_GROUP, 5));
        this.host = host;
    }

    @Override
    public CompletableFuture<SyncGroupResponseData> handle(RequestContext context, SyncGroupRequestData request) {
        return host.call(
                host.partitionFor(request.groupId()),
                shard -> shard.syncGroup(GroupHandlers.context(context), request),
                e -> ErrorResponses.of(request, context.apiVersion(), e));
    }

    @Override
    public SyncGroupResponseData errorResponse(
            RequestContext context, SyncGroupRequestData request, Errors error, String message) {
        return ErrorResponses.of(request, context.apiVersion(), GroupError.forCode(error.code()), message);
    }
}
