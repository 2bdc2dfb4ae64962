package io.runnel.cli;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;

/**
 * Turns an exception into the one line a user sees, without a stack trace: future wrappers are unwrapped, and so
 * are the "Failed to construct kafka producer"-style wrappers kafka-clients puts around a configuration error, so
 * the line names the actual problem. Only the first line of a multi-line message is kept.
 */
final class CliErrors {

    private CliErrors() {}

    static String describe(Throwable e) {
        Throwable t = rootOf(e);
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            message = t.getClass().getSimpleName();
        }
        return message.lines().findFirst().orElse(message).strip();
    }

    /** The exception that carries the meaningful message. */
    static Throwable rootOf(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && isWrapper(t)) {
            t = t.getCause();
        }
        return t;
    }

    private static boolean isWrapper(Throwable t) {
        if (t instanceof ExecutionException || t instanceof CompletionException) {
            return true;
        }
        // kafka-clients wraps construction failures: "Failed to construct kafka consumer", "Failed to create new
        // KafkaAdminClient"; the cause says what was wrong.
        String m = t.getMessage();
        return t.getClass() == KafkaException.class
                && m != null
                && (m.startsWith("Failed to construct") || m.startsWith("Failed to create"));
    }
}
