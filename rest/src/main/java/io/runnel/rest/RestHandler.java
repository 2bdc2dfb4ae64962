package io.runnel.rest;

/** One route's logic. Throw {@link RestException} for a client error; anything else answers 500. */
@FunctionalInterface
public interface RestHandler {
    RestResponse handle(RestRequest request) throws Exception;
}
