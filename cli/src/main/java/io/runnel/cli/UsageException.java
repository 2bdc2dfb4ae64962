package io.runnel.cli;

/**
 * The command line itself is wrong (a missing or conflicting flag, a malformed value): the verb prints the message
 * as one line and exits with {@link Cli#USAGE_ERROR}, before talking to any broker.
 */
final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
