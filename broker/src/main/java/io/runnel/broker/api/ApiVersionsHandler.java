package io.runnel.broker.api;

import io.runnel.broker.network.ApiHandler;
import io.runnel.broker.network.ApiHandlers;
import io.runnel.broker.network.RequestContext;
import io.runnel.protocol.ApiKeys;
import io.runnel.protocol.Errors;
import io.runnel.protocol.message.ApiVersionsRequestData;
import io.runnel.protocol.message.ApiVersionsResponseData;
import io.runnel.protocol.message.ApiVersionsResponseData.ApiVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * ApiVersions (v0-4): advertises exactly the APIs this broker has handlers for, at the versions they serve. Two
 * traps from the field: Produce is advertised from version 0 although versions 0-2 are not served (older
 * librdkafka turns compression off when it sees a minimum above 0; KAFKA-18659), and an ApiVersions request at a
 * version the broker does not know is answered at version 0 with UNSUPPORTED_VERSION and the full list, so the
 * client can retry at a version both sides know (KIP-511). The response header is always version 0.
 */
public final class ApiVersionsHandler extends BaseHandler<ApiVersionsRequestData, ApiVersionsResponseData> {

    private final ApiHandlers handlers;

    public ApiVersionsHandler(ApiHandlers handlers) {
        super(ApiKeys.API_VERSIONS, 0, 4);
        this.handlers = handlers;
    }

    @Override
    public CompletableFuture<ApiVersionsResponseData> handle(RequestContext context, ApiVersionsRequestData request) {
        if (context.apiVersion() >= 3 && !validClientSoftware(request)) {
            return CompletableFuture.completedFuture(new ApiVersionsResponseData()
                    .setErrorCode(Errors.INVALID_REQUEST.code())
                    .setApiKeys(apiVersions()));
        }
        return CompletableFuture.completedFuture(
                new ApiVersionsResponseData().setErrorCode(Errors.NONE.code()).setApiKeys(apiVersions()));
    }

    /** KIP-511: client software name and version must be non-empty and made of [a-zA-Z0-9.-]. */
    private static boolean validClientSoftware(ApiVersionsRequestData request) {
        return validSoftwareString(request.clientSoftwareName())
                && validSoftwareString(request.clientSoftwareVersion());
    }

    private static boolean validSoftwareString(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '.' && c != '-') {
                return false;
            }
        }
        return Character.isLetterOrDigit(s.charAt(0)) && Character.isLetterOrDigit(s.charAt(s.length() - 1));
    }

    @Override
    public ApiVersionsResponseData errorResponse(
            RequestContext context, ApiVersionsRequestData request, Errors error, String message) {
        return request.errorResponse(context.apiVersion(), error.code(), message)
                .setApiKeys(apiVersions());
    }

    List<ApiVersion> apiVersions() {
        List<ApiVersion> versions = new ArrayList<>();
        for (ApiHandler<?, ?> h : handlers.all()) {
            if (!h.supportsVersion(h.maxVersion())) {
                // Switched off by configuration (e.g. the consumer group protocol).
                continue;
            }
            short min = h.apiKey() == ApiKeys.PRODUCE ? 0 : h.minVersion();
            versions.add(
                    new ApiVersion().setApiKey(h.apiKey().id).setMinVersion(min).setMaxVersion(h.maxVersion()));
        }
        versions.sort(Comparator.comparingInt(ApiVersion::apiKey));
        return versions;
    }
}
