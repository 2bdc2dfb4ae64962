package io.runnel.broker.network;

/** A client announced a frame larger than {@code socket.request.max.bytes}; its connection is closed. */
public class FrameTooLargeException extends RuntimeException {

    public FrameTooLargeException(String message) {
        super(message);
    }
}
