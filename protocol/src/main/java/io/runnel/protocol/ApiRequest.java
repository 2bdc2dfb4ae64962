package io.runnel.protocol;

/**
 * The body of a request of one API, which knows the response that reports a failure of the whole request.
 *
 * @param <R> the response body type of the same API
 */
public interface ApiRequest<R extends ApiMessage> extends ApiMessage {

    /**
     * The response, valid at {@code version}, in which every error code the version carries (at the top level and
     * in one result item per item of this request: topic, partition, group, resource …) is {@code errorCode} and
     * every error message is {@code errorMessage} (null allowed). Items repeat this request's names, ids and
     * indexes; offsets are -1; everything else keeps its default. Generated from the two specs.
     */
    R errorResponse(short version, short errorCode, String errorMessage);
}
