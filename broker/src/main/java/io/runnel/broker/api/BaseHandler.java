package io.runnel.broker.api;

import io.runnel.broker.network.ApiHandler;
import io.runnel.protocol.ApiKeys;
import io.runnel.protocol.ApiMessage;

/** Holds the API key and advertised version range that every handler declares. */
public abstract class BaseHandler<Q extends ApiMessage, R extends ApiMessage> implements ApiHandler<Q, R> {

    private final ApiKeys apiKey;
    private final short minVersion;
    private final short maxVersion;

    protected BaseHandler(ApiKeys apiKey, int minVersion, int maxVersion) {
        this.apiKey = apiKey;
        this.minVersion = (short) minVersion;
        this.maxVersion = (short) maxVersion;
    }

    @Override
    public final ApiKeys apiKey() {
        return apiKey;
    }

    @Override
    public final short minVersion() {
        return minVersion;
    }

    @Override
    public final short maxVersion() {
        return maxVersion;
    }
}
