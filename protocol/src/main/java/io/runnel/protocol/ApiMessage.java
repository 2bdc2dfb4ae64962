package io.runnel.protocol;

/** The body of a request or response of one API. */
public interface ApiMessage extends Message {

    /** The key of the API this message belongs to. */
    short apiKey();
}
