package io.runnel.broker.api;

import io.runnel.broker.network.RequestContext;
import io.runnel.common.Uuid;
import io.runnel.metadata.Controller;
import io.runnel.protocol.ApiKeys;
import io.runnel.protocol.Errors;
import io.runnel.protocol.message.DeleteTopicsRequestData;
import io.runnel.protocol.message.DeleteTopicsRequestData.DeleteTopicState;
import io.runnel.protocol.message.DeleteTopicsResponseData;
import io.runnel.protocol.message.DeleteTopicsResponseData.DeletableTopicResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** DeleteTopics (v1-6): deletes topics by name, or from v6 by name or id, each with its own result. */
public final class DeleteTopicsHandler extends BaseHandler<DeleteTopicsRequestData, DeleteTopicsResponseData> {

    private final Controller controller;

    public DeleteTopicsHandler(Controller controller) {
        super(ApiKeys.DELETE_TOPICS, 1, 6);
        this.controller = controller;
    }

    @Override
    public CompletableFuture<DeleteTopicsResponseData> handle(RequestContext context, DeleteTopicsRequestData request) {
        List<CompletableFuture<DeletableTopicResult>> results = new ArrayList<>();
        for (DeleteTopicState t : targets(context, request)) {
            String name = t.name();
            Uuid id = t.topicId() == null || t.topicId().equals(Uuid.ZERO_UUID) ? null : t.topicId();
            if (name == null && id == null) {
                results.add(CompletableFuture.completedFuture(new DeletableTopicResult()
                        .setName(null)
                        .setTopicId(Uuid.ZERO_UUID)
                        .setErrorCode(Errors.INVALID_REQUEST.code())
                        .setErrorMessage("Neither topic name nor id were specified.")));
                continue;
            }
            results.add(controller.deleteTopic(name, id).handle((topic, e) -> {
                if (e != null) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    return new DeletableTopicResult()
                            .setName(name)
                            .setTopicId(id == null ? Uuid.ZERO_UUID : id)
                            .setErrorCode(Errors.forException(cause).code())
                            .setErrorMessage(cause.getMessage());
                }
                return new DeletableTopicResult()
                        .setName(topic.name())
                        .setTopicId(topic.id())
                        .setErrorCode(Errors.NONE.code());
            }));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .thenApply(v -> {
                    DeleteTopicsResponseData response = new DeleteTopicsResponseData();
                    for (CompletableFuture<DeletableTopicResult> f : results) {
                        response.responses().add(f.join());
                    }
                    return response;
                });
    }

    private static List<DeleteTopicState> targets(RequestContext context, DeleteTopicsRequestData request) {
        if (context.apiVersion() >= 6) {
            return request.topics();
        }
        List<DeleteTopicState> byName = new ArrayList<>();
        for (String name : request.topicNames()) {
            byName.add(new DeleteTopicState().setName(name).setTopicId(Uuid.ZERO_UUID));
        }
        return byName;
    }

    @Override
    public DeleteTopicsResponseData errorResponse(
            RequestContext context, DeleteTopicsRequestData request, Errors error, String message) {
        return request.errorResponse(context.apiVersion(), error.code(), message);
    }
}
