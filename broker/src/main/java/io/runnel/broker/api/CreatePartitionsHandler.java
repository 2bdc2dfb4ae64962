package io.runnel.broker.api;

import io.runnel.broker.network.RequestContext;
import io.runnel.metadata.Controller;
import io.runnel.protocol.ApiKeys;
import io.runnel.protocol.Errors;
import io.runnel.protocol.message.CreatePartitionsRequestData;
import io.runnel.protocol.message.CreatePartitionsRequestData.CreatePartitionsAssignment;
import io.runnel.protocol.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import io.runnel.protocol.message.CreatePartitionsResponseData;
import io.runnel.protocol.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** CreatePartitions (v0-3): grows topics to a new partition count, optionally with explicit assignments. */
public final class CreatePartitionsHandler
        extends BaseHandler<CreatePartitionsRequestData, CreatePartitionsResponseData> {

    private final Controller controller;

    public CreatePartitionsHandler(Controller controller) {
        super(ApiKeys.CREATE_PARTITIONS, 0, 3);
        this.controller = controller;
    }

    @Override
    public CompletableFuture<CreatePartitionsResponseData> handle(
            RequestContext context, CreatePartitionsRequestData request) {
        List<CompletableFuture<CreatePartitionsTopicResult>> results = new ArrayList<>();
        for (CreatePartitionsTopic t : request.topics()) {
            List<List<Integer>> assignments = null;
            if (t.assignments() != null) {
                assignments = new ArrayList<>();
                for (CreatePartitionsAssignment a : t.assignments()) {
                    assignments.add(a.brokerIds());
                }
            }
            results.add(controller
                    .createPartitions(t.name(), t.count(), assignments, request.validateOnly())
                    .handle((topic, e) -> {
                        CreatePartitionsTopicResult r = new CreatePartitionsTopicResult().setName(t.name());
                        if (e != null) {
                            Throwable cause = e.getCause() != null ? e.getCause() : e;
                            return r.setErrorCode(Errors.forException(cause).code())
                                    .setErrorMessage(cause.getMessage());
                        }
                        return r.setErrorCode(Errors.NONE.code());
                    }));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .thenApply(v -> {
                    CreatePartitionsResponseData response = new CreatePartitionsResponseData();
                    for (CompletableFuture<CreatePartitionsTopicResult> f : results) {
                        response.results().add(f.join());
                    }
                    return response;
                });
    }

    @Override
    public CreatePartitionsResponseData errorResponse(
            RequestContext context, CreatePartitionsRequestData request, Errors error, String message) {
        return request.errorResponse(context.apiVersion(), error.code(), message);
    }
}
