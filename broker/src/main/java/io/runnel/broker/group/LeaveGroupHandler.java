package io.runnel.broker.group;

import io.runnel.broker.api.BaseHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.coordinator.ErrorResponses;
import io.runnel.coordinator.GroupError;
import io.runnel.protocol.ApiKeys;
import io.runnel.protocol.Errors;
import io.runnel.protocol.message.LeaveGroupRequestData;
import io.runnel.protocol.message.LeaveGroupResponseData;
import java.util.concurrent.CompletableFuture;

/** LeaveGroup: members leave a classic group (batched from v3). Served by the shard of the group's {@code __consumer_offsets} partition. */
public final class LeaveGroupHandler extends BaseHandler<LeaveGroupRequestData, LeaveGroupResponseData> {

    private final GroupCoordinatorHost host;

    public LeaveGroupHandler(GroupCoordinatorHost host) {
        super(ApiKeys.LEAVE_GROUP, 0, GroupHandlers.max(ApiKeys.LEAVE_GROUP, 5));
        this.host = host;
    }

    @Override
    public CompletableFuture<LeaveGroupResponseData> handle(RequestContext context, LeaveGroupRequestData request) {
        return host.call(
                host.partitionFor(request.groupId()),
                shard -> shard.leaveGroup(GroupHandlers.context(context), request),
                e -> ErrorResponses.of(request, context.apiVersion(), e));
    }

    @Override
    public LeaveGroupResponseData errorResponse(
            RequestContext context, LeaveGroupRequestData request, Errors error, String message) {
        return ErrorResponses.of(request, context.apiVersion(), GroupError.forCode(error.code()), message);
    }
}
