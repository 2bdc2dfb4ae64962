package io.runnel.cli;

import picocli.CommandLine.Option;

/**
 * {@code --bootstrap-server HOST:PORT}, which every verb takes: a picocli mixin ({@code @Mixin}), declared once so
 * its name, label and help text are the same everywhere. Whether it is required, and the message when it is
 * missing, stay with each verb (Kafka's tools word it differently). Not thread-safe: one per invocation.
 */
final class BootstrapServerOption {

    @Option(
            names = "--bootstrap-server",
            paramLabel = "HOST:PORT",
            description = "REQUIRED: the broker(s) to connect to.")
    String bootstrapServer;

    /** The servers given, or null. */
    String value() {
        return bootstrapServer;
    }

    /** The servers given; a {@link UsageException} with {@code messageIfMissing} when the flag is absent. */
    String required(String messageIfMissing) {
        Verb.require(bootstrapServer != null, messageIfMissing);
        return bootstrapServer;
    }
}
