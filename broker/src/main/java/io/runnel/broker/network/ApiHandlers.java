package io.runnel.broker.network;

import io.runnel.protocol.ApiKeys;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** The handlers a broker serves, one per API key. Built once at start-up, then read-only and thread-safe. */
public final class ApiHandlers {

    private final Map<ApiKeys, ApiHandler<?, ?>> handlers = new EnumMap<>(ApiKeys.class);

    public ApiHandlers register(ApiHandler<?, ?> handler) {
        if (handlers.put(handler.apiKey(), handler) != null) {
            throw new IllegalArgumentException("two handlers for " + handler.apiKey());
        }
        if (handler.maxVersion() > handler.apiKey().latestVersion(true)) {
            throw new IllegalArgumentException(
                    handler.apiKey() + " handler claims v" + handler.maxVersion() + " beyond the codec");
        }
        return this;
    }

    /** The handler for an API, or null when this broker does not serve it. */
    public ApiHandler<?, ?> get(ApiKeys key) {
        return handlers.get(key);
    }

    public Collection<ApiHandler<?, ?>> all() {
        return Collections.unmodifiableCollection(handlers.values());
    }
}
