package io.runnel.broker.network;

import io.runnel.protocol.ApiKeys;
import io.runnel.protocol.ApiMessage;
import io.runnel.protocol.Errors;
import java.util.concurrent.CompletableFuture;

/**
 * Serves one API: the port the network layer dispatches decoded requests to, implemented in {@code api},
 * {@code fetch} and {@code group} (which this package never imports). Declares the versions it advertises and
 * answers decoded requests. Handlers are called on the connection's event loop in request order, must not block,
 * and complete the returned future from any thread.
 *
 * @param <Q> the request body type
 * @param <R> the response body type
 */
public interface ApiHandler<Q extends ApiMessage, R extends ApiMessage> {

    ApiKeys apiKey();

    /** The lowest version advertised in ApiVersions. */
    short minVersion();

    /** The highest version advertised in ApiVersions. */
    short maxVersion();

    /**
     * Serves a request. The future's value is the response body, or null when the request gets no response
     * (Produce with acks=0). Exceptions (thrown or completing the future) become an error response built by
     * {@link #errorResponse}.
     */
    CompletableFuture<R> handle(RequestContext context, Q request);

    /** A response to {@code request} that reports {@code error} everywhere a response can carry one. */
    R errorResponse(RequestContext context, Q request, Errors error, String message);

    /** Whether the request version is one this handler serves; others close the connection. */
    default boolean supportsVersion(short version) {
        return version >= minVersion() && version <= maxVersion();
    }
}
