package io.runnel.broker.group;

import io.runnel.broker.BrokerIdentity;
import io.runnel.broker.api.BaseHandler;
import io.runnel.broker.network.Endpoint;
import io.runnel.broker.network.RequestContext;
import io.runnel.protocol.ApiKeys;
import io.runnel.protocol.Errors;
import io.runnel.protocol.message.FindCoordinatorRequestData;
import io.runnel.protocol.message.FindCoordinatorResponseData;
import io.runnel.protocol.message.FindCoordinatorResponseData.Coordinator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * FindCoordinator (v0-6, batched keys from v4): the coordinator of a group is the leader of its
 * {@code __consumer_offsets} partition — on a single node, this broker — and the topic is created on the first
 * request. Transaction coordinators (key type 1) do not exist yet: those keys get INVALID_REQUEST with a message,
 * so a transactional producer fails at once instead of retrying until its timeout.
 */
public final class FindCoordinatorHandler extends BaseHandler<FindCoordinatorRequestData, FindCoordinatorResponseData> {

    private final GroupCoordinatorHost host;
    private final BrokerIdentity identity;

    public FindCoordinatorHandler(GroupCoordinatorHost host, BrokerIdentity identity) {
        super(ApiKeys.FIND_COORDINATOR, 0, GroupHandlers.max(ApiKeys.FIND_COORDINATOR, 6));
        this.host = host;
        this.identity = identity;
    }

    @Override
    public CompletableFuture<FindCoordinatorResponseData> handle(
            RequestContext context, FindCoordinatorRequestData request) {
        short version = context.apiVersion();
        List<String> keys = version >= 4 ? request.coordinatorKeys() : List.of(request.key());
        byte keyType = version >= 1 ? request.keyType() : 0;
        Endpoint endpoint = identity.endpointFor(context.listenerName());
        CompletableFuture<Errors> ready = keyType == 0
                ? host.ensureOffsetsTopic().handle((v, e) -> e == null ? Errors.NONE : Errors.COORDINATOR_NOT_AVAILABLE)
                : CompletableFuture.completedFuture(Errors.INVALID_REQUEST);
        return ready.thenApply(error -> {
            String message = error == Errors.INVALID_REQUEST
                    ? (keyType == 1
                            ? "Transactions are not supported yet"
                            : "Unsupported coordinator key type " + keyType)
                    : null;
            if (version < 4) {
                return new FindCoordinatorResponseData()
                        .setErrorCode(error.code())
                        .setErrorMessage(message)
                        .setNodeId(error == Errors.NONE ? identity.nodeId() : -1)
                        .setHost(error == Errors.NONE ? endpoint.host() : "")
                        .setPort(error == Errors.NONE ? endpoint.port() : -1);
            }
            List<Coordinator> coordinators = new ArrayList<>();
            for (String key : keys) {
                coordinators.add(new Coordinator()
                        .setKey(key)
                        .setErrorCode(error.code())
                        .setErrorMessage(message)
                        .setNodeId(error == Errors.NONE ? identity.nodeId() : -1)
                        .setHost(error == Errors.NONE ? endpoint.host() : "")
                        .setPort(error == Errors.NONE ? endpoint.port() : -1));
            }
            return new FindCoordinatorResponseData().setCoordinators(coordinators);
        });
    }

    @Override
    public FindCoordinatorResponseData errorResponse(
            RequestContext context, FindCoordinatorRequestData request, Errors error, String message) {
        return request.errorResponse(context.apiVersion(), error.code(), message);
    }
}
