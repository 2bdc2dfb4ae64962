package io.runnel.cli;

/**
 * The command was well formed but could not be carried out (a broker error, an unreachable broker, a missing
 * topic, an unreadable file): the verb prints the message as one line and exits with {@link Cli#FAILED}.
 */
final class CommandFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CommandFailedException(String message) {
        super(message);
    }

    CommandFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
