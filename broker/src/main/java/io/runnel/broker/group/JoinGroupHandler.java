package io.runnel.broker.group;

import io.runnel.broker.api.BaseHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.coordinator.ErrorResponses;
import io.runnel.coordinator.GroupError;
import io.runnel.protocol.ApiKeys;
import io.runnel.protocol.Errors;
import io.runnel.protocol.message.JoinGroupRequestData;
import io.runnel.protocol.message.JoinGroupResponseData;
import java.util.concurrent.CompletableFuture;

/** JoinGroup: joins a classic group; may wait for the rebalance to complete. Served by the shard of the group's {@code __consumer_offsets} partition. */
public final class JoinGroupHandler extends BaseHandler<JoinGroupRequestData, JoinGroupResponseData> {

    private final GroupCoordinatorHost host;

    public JoinGroupHandler(GroupCoordinatorHost host) {
        super(ApiKeys.JOIN_GROUP, 0, GroupHandlers.max(ApiKeys.JOIN_GROUP, 9));
        this.host = host;
    }

    @Override
    public CompletableFuture<JoinGroupResponseData> handle(RequestContext context, JoinGroupRequestData request) {
        return host.call(
                host.partitionFor(request.groupId()),
                shard -> shard.joinGroup(GroupHandlers.context(context), request),
                e -> ErrorResponses.joinGroup(request, context.apiVersion(), e));
    }

    @Override
    public JoinGroupResponseData errorResponse(
            RequestContext context, JoinGroupRequestData request, Errors error, String message) {
        return ErrorResponses.joinGroup(request, context.apiVersion(), GroupError.forCode(error.code()));
    }
}
