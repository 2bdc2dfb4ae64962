package io.runnel.broker.group;

import io.runnel.broker.api.BaseHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.coordinator.ErrorResponses;
import io.runnel.coordinator.GroupError;
import io.runnel.protocol.ApiKeys;
import io.runnel.protocol.Errors;
import io.runnel.protocol.message.HeartbeatRequestData;
import io.runnel.protocol.message.HeartbeatResponseData;
import java.util.concurrent.CompletableFuture;

/** Heartbeat: keeps a classic member alive; REBALANCE_IN_PROGRESS tells it to rejoin. Served by the shard of the group's {@code __consumer_offsets} partition. */
public final class HeartbeatHandler extends BaseHandler<HeartbeatRequestData, HeartbeatResponseData> {

    private final GroupCoordinatorHost host;

    public HeartbeatHandler(GroupCoordinatorHost host) {
        super(ApiKeys.HEARTBEAT, 0, GroupHandlers.max(ApiKeys.HEARTBEAT, 4));
        this.host = host;
    }

    @Override
    public CompletableFuture<HeartbeatResponseData> handle(RequestContext context, HeartbeatRequestData request) {
        return host.call(
                host.partitionFor(request.groupId()),
                shard -> shard.heartbeat(GroupHandlers.context(context), request),
                e -> ErrorResponses.of(request, context.apiVersion(), e));
    }

    @Override
    public HeartbeatResponseData errorResponse(
            RequestContext context, HeartbeatRequestData request, Errors error, String message) {
        return ErrorResponses.of(request, context.apiVersion(), GroupError.forCode(error.code()), message);
    }
}
