package io.runnel.broker.group;

import io.runnel.broker.api.BaseHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.coordinator.ErrorResponses;
import io.runnel.coordinator.GroupError;
import io.runnel.protocol.ApiKeys;
import io.runnel.protocol.Errors;
import io.runnel.protocol.message.ConsumerGroupHeartbeatRequestData;
import io.runnel.protocol.message.ConsumerGroupHeartbeatResponseData;
import java.util.concurrent.CompletableFuture;

/** ConsumerGroupHeartbeat (KIP-848): membership, subscription and server-side assignment of a consumer group. Served by the shard of the group's {@code __consumer_offsets} partition. */
public final class ConsumerGroupHeartbeatHandler
        extends BaseHandler<ConsumerGroupHeartbeatRequestData, ConsumerGroupHeartbeatResponseData> {

    private final GroupCoordinatorHost host;

    public ConsumerGroupHeartbeatHandler(GroupCoordinatorHost host) {
        super(ApiKeys.CONSUMER_GROUP_HEARTBEAT, 0, GroupHandlers.max(ApiKeys.CONSUMER_GROUP_HEARTBEAT, 1));
        this.host = host;
    }

    @Override
    public boolean supportsVersion(short version) {
        return host.config().consumerProtocolEnabled() && super.supportsVersion(version);
    }

    @Override
    public CompletableFuture<ConsumerGroupHeartbeatResponseData> handle(
            RequestContext context, ConsumerGroupHeartbeatRequestData request) {
        return host.call(
                host.partitionFor(request.groupId()),
                shard -> shard.consumerGroupHeartbeat(GroupHandlers.context(context), request),
                e -> ErrorResponses.of(request, context.apiVersion(), e));
    }

    @Override
    public ConsumerGroupHeartbeatResponseData errorResponse(
            RequestContext context, ConsumerGroupHeartbeatRequestData request, Errors error, String message) {
        return ErrorResponses.of(request, context.apiVersion(), GroupError.forCode(error.code()), message);
    }
}
