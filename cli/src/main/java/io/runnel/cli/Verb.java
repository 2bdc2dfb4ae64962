package io.runnel.cli;

import java.util.concurrent.Callable;

/**
 * One {@code runnel} verb: a picocli command whose {@link #call()} returns the exit code and reports failures by
 * throwing {@link UsageException} (exit {@link Cli#USAGE_ERROR}) or any other exception (exit {@link Cli#FAILED});
 * {@link Cli} prints either as one line prefixed by {@link #errorPrefix()}.
 *
 * <p>Not thread-safe: one instance per invocation.
 */
abstract class Verb implements Callable<Integer> {

    final Terminal terminal;

    Verb(Terminal terminal) {
        this.terminal = terminal;
    }

    /** What precedes the message of an error line; Kafka's own wording where its tool has a fixed one. */
    String errorPrefix() {
        return "Error: ";
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new UsageException(message);
        }
    }

    /** Fails with Kafka's wording when {@code option} is combined with an action it does not apply to. */
    static void onlyWith(boolean used, String option, boolean allowed, String actions) {
        if (used && !allowed) {
            throw new UsageException("Option " + option + " can only be used with " + actions);
        }
    }
}
