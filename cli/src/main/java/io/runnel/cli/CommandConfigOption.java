package io.runnel.cli;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --command-config FILE}, the Admin client properties of the verbs that work through Admin ({@code topics},
 * {@code configs}, {@code consumer-groups}): a picocli mixin. Not thread-safe: one per invocation.
 */
final class CommandConfigOption {

    @Option(
            names = "--command-config",
            paramLabel = "FILE",
            description = "Property file containing configs to be passed to the Admin client.")
    Path commandConfig;

    /** The file's properties; none without the flag. */
    Map<String, String> load() {
        return ClientProperties.load(commandConfig);
    }
}
