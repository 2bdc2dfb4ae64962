package io.runnel.broker.group;

import io.runnel.broker.api.BaseHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.coordinator.ErrorResponses;
import io.runnel.coordinator.GroupError;
import io.runnel.protocol.ApiKeys;
import io.runnel.protocol.Errors;
import io.runnel.protocol.message.OffsetCommitRequestData;
import io.runnel.protocol.message.OffsetCommitResponseData;
import java.util.concurrent.CompletableFuture;

/** OffsetCommit: commits offsets, checked against the member's generation or epoch. Served by the shard of the group's {@code __consumer_offsets} partition. */
public final class OffsetCommitHandler extends BaseHandler<OffsetCommitRequestData, OffsetCommitResponseData> {

    private final GroupCoordinatorHost host;

    public OffsetCommitHandler(GroupCoordinatorHost host) {
        super(ApiKeys.OFFSET_COMMIT, 2, GroupHandlers.max(ApiKeys.OFFSET_COMMIT, 10));
        this.host = host;
    }

    @Override
    public CompletableFuture<OffsetCommitResponseData> handle(RequestContext context, OffsetCommitRequestData request) {
        return host.call(
                host.partitionFor(request.groupId()),
                shard -> shard.commitOffsets(GroupHandlers.context(context), request),
                e -> ErrorResponses.of(request, context.apiVersion(), e));
    }

    @Override
    public OffsetCommitResponseData errorResponse(
            RequestContext context, OffsetCommitRequestData request, Errors error, String message) {
        return ErrorResponses.of(request, context.apiVersion(), GroupError.forCode(error.code()), message);
    }
}
