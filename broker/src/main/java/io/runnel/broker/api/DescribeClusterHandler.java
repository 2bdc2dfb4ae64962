package io.runnel.broker.api;

import io.runnel.broker.BrokerIdentity;
import io.runnel.broker.network.Endpoint;
import io.runnel.broker.network.RequestContext;
import io.runnel.protocol.ApiKeys;
import io.runnel.protocol.Errors;
import io.runnel.protocol.message.DescribeClusterRequestData;
import io.runnel.protocol.message.DescribeClusterResponseData;
import io.runnel.protocol.message.DescribeClusterResponseData.DescribeClusterBroker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** DescribeCluster (v0-2): the cluster id, the controller and the brokers. Connect reads the cluster id here. */
public final class DescribeClusterHandler extends BaseHandler<DescribeClusterRequestData, DescribeClusterResponseData> {

    private static final int ALL_CLUSTER_OPERATIONS =
            (1 << 4) | (1 << 7) | (1 << 8) | (1 << 9) | (1 << 10) | (1 << 11) | (1 << 12) | (1 << 13) | (1 << 14);

    private final BrokerIdentity identity;

    public DescribeClusterHandler(BrokerIdentity identity) {
        super(ApiKeys.DESCRIBE_CLUSTER, 0, 2);
        this.identity = identity;
    }

    @Override
    public CompletableFuture<DescribeClusterResponseData> handle(
            RequestContext context, DescribeClusterRequestData request) {
        if (context.apiVersion() >= 1 && request.endpointType() != 1) {
            return CompletableFuture.completedFuture(
                    errorResponse(context, request, Errors.UNSUPPORTED_ENDPOINT_TYPE, "Only broker endpoints"));
        }
        Endpoint endpoint = identity.endpointFor(context.listenerName());
        List<DescribeClusterBroker> brokers = new ArrayList<>();
        brokers.add(new DescribeClusterBroker()
                .setBrokerId(identity.nodeId())
                .setHost(endpoint.host())
                .setPort(endpoint.port())
                .setRack(identity.rack().isEmpty() ? null : identity.rack())
                .setIsFenced(false));
        return CompletableFuture.completedFuture(new DescribeClusterResponseData()
                .setErrorCode(Errors.NONE.code())
                .setClusterId(identity.clusterId())
                .setControllerId(identity.nodeId())
                .setEndpointType((byte) 1)
                .setBrokers(brokers)
                .setClusterAuthorizedOperations(
                        request.includeClusterAuthorizedOperations() ? ALL_CLUSTER_OPERATIONS : -2147483648));
    }

    @Override
    public DescribeClusterResponseData errorResponse(
            RequestContext context, DescribeClusterRequestData request, Errors error, String message) {
        return request.errorResponse(context.apiVersion(), error.code(), message)
                .setClusterId(identity.clusterId());
    }
}
