package io.runnel.broker.api;

import io.runnel.broker.network.RequestContext;
import io.runnel.broker.producer.ProducerIdManager;
import io.runnel.protocol.ApiKeys;
import io.runnel.protocol.Errors;
import io.runnel.protocol.message.InitProducerIdRequestData;
import io.runnel.protocol.message.InitProducerIdResponseData;
import java.util.concurrent.CompletableFuture;

/**
 * InitProducerId (v0-5) for idempotent producers: every request without a transactional id gets a fresh producer id
 * at epoch 0 (also when a producer asks to bump the epoch of its old id, as KIP-360 allows for non-transactional
 * producers). Transactional ids need the transaction coordinator, which this broker does not have yet: those
 * requests fail with a non-retriable error (INVALID_REQUEST) so the client stops instead of
 * retrying until its timeout.
 */
public final class InitProducerIdHandler extends BaseHandler<InitProducerIdRequestData, InitProducerIdResponseData> {

    private final ProducerIdManager producerIds;

    public InitProducerIdHandler(ProducerIdManager producerIds) {
        super(ApiKeys.INIT_PRODUCER_ID, 0, 5);
        this.producerIds = producerIds;
    }

    @Override
    public CompletableFuture<InitProducerIdResponseData> handle(
            RequestContext context, InitProducerIdRequestData request) {
        if (request.transactionalId() != null) {
            return CompletableFuture.completedFuture(
                    errorResponse(context, request, Errors.INVALID_REQUEST, "Transactions are not supported yet"));
        }
        return producerIds.nextId().thenApply(id -> new InitProducerIdResponseData()
                .setErrorCode(Errors.NONE.code())
                .setProducerId(id)
                .setProducerEpoch((short) 0));
    }

    @Override
    public InitProducerIdResponseData errorResponse(
            RequestContext context, InitProducerIdRequestData request, Errors error, String message) {
        return request.errorResponse(context.apiVersion(), error.code(), message)
                .setProducerEpoch((short) -1);
    }
}
