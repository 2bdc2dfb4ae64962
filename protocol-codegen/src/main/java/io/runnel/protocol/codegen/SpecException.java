package io.runnel.protocol.codegen;

/** A message spec that the generator cannot accept; the message says which file and field. */
public class SpecException extends RuntimeException {

    public SpecException(String message) {
        super(message);
    }
}
