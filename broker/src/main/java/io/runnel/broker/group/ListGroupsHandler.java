package io.runnel.broker.group;

import io.runnel.broker.api.BaseHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.coordinator.ErrorResponses;
import io.runnel.coordinator.GroupError;
import io.runnel.protocol.ApiKeys;
import io.runnel.protocol.Errors;
import io.runnel.protocol.message.ListGroupsRequestData;
import io.runnel.protocol.message.ListGroupsResponseData;
import java.util.concurrent.CompletableFuture;

/**
 * ListGroups: the groups of every shard this broker hosts, filtered by state (v4+) and type (v5+). While a shard
 * is still loading the answer carries COORDINATOR_LOAD_IN_PROGRESS with the groups known so far, as Kafka does.
 */
public final class ListGroupsHandler extends BaseHandler<ListGroupsRequestData, ListGroupsResponseData> {

    private final GroupCoordinatorHost host;

    public ListGroupsHandler(GroupCoordinatorHost host) {
        super(ApiKeys.LIST_GROUPS, 0, GroupHandlers.max(ApiKeys.LIST_GROUPS, 5));
        this.host = host;
    }

    @Override
    public CompletableFuture<ListGroupsResponseData> handle(RequestContext context, ListGroupsRequestData request) {
        boolean loading = host.anyLoading();
        return host.callAll(shard -> shard.listGroups(GroupHandlers.context(context), request))
                .thenApply(parts -> {
                    ListGroupsResponseData response = new ListGroupsResponseData()
                            .setErrorCode(loading ? Errors.COORDINATOR_LOAD_IN_PROGRESS.code() : Errors.NONE.code());
                    for (ListGroupsResponseData part : parts) {
                        response.groups().addAll(part.groups());
                        if (part.errorCode() != Errors.NONE.code()) {
                            response.setErrorCode(part.errorCode());
                        }
                    }
                    return response;
                });
    }

    @Override
    public ListGroupsResponseData errorResponse(
            RequestContext context, ListGroupsRequestData request, Errors error, String message) {
        return ErrorResponses.of(request, context.apiVersion(), GroupError.forCode(error.code()), message);
    }
}
