package io.runnel.cli;

import picocli.CommandLine.Option;

/** {@code --help}, which every verb takes: a picocli mixin. Not thread-safe: one per invocation. */
final class HelpOption {

    @Option(names = "--help", usageHelp = true, description = "Print usage information.")
    boolean help;
}
