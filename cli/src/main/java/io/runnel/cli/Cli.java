package io.runnel.cli;

import io.runnel.common.time.Time;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code runnel} command-line verbs other than {@code server}: each verb is a picocli command that talks to a
 * broker through kafka-clients, with the flags of Kafka's own tools so a Kafka user's habits carry over (including
 * joptsimple's unambiguous abbreviations such as {@code --bootstrap}). Errors print one line on the error stream and
 * return a non-zero exit code, never a stack trace:
 *
 * <ul>
 *   <li>{@value #OK}: success;
 *   <li>{@value #FAILED}: the command could not be carried out (broker error, unreachable broker, missing topic);
 *   <li>{@value #USAGE_ERROR}: the command line is wrong (unknown, missing or conflicting flags), or no arguments.
 * </ul>
 *
 * <p>Not thread-safe; one instance per invocation.
 */
public final class Cli {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE_ERROR = 2;

    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;
    private final Map<String, Supplier<Object>> verbs = new TreeMap<>();

    public Cli(PrintStream out, PrintStream err, InputStream in) {
        this.out = out;
        this.err = err;
        this.in = in;
        Terminal terminal = new Terminal(out, err, in);
        verbs.put("topics", () -> new TopicsCommand(terminal));
        verbs.put("configs", () -> new ConfigsCommand(terminal));
        verbs.put("console-producer", () -> new ConsoleProducerCommand(terminal));
        verbs.put("console-consumer", () -> new ConsoleConsumerCommand(terminal, Time.SYSTEM));
        verbs.put("consumer-groups", () -> new ConsumerGroupsCommand(terminal, Time.SYSTEM));
    }

    /** The verbs this command line knows. */
    public Map<String, Supplier<Object>> verbs() {
        return verbs;
    }

    public boolean hasVerb(String verb) {
        return verbs.containsKey(verb);
    }

    /** Runs a verb and returns its exit code. */
    public int run(String verb, String... args) {
        Supplier<Object> command = verbs.get(verb);
        if (command == null) {
            err.println("runnel: unknown command '" + verb + "'");
            return USAGE_ERROR;
        }
        Object instance = command.get();
        String prefix = instance instanceof Verb v ? v.errorPrefix() : "Error: ";
        String hint = " (see 'runnel " + verb + " --help')";
        CommandLine cl = new CommandLine(instance);
        cl.setAbbreviatedOptionsAllowed(true);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setParameterExceptionHandler((ParameterException e, String[] a) -> {
            String suggestion = "";
            if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
                List<String> flags = new ArrayList<>();
                cl.getCommandSpec().options().forEach(o -> {
                    if (!o.hidden()) {
                        flags.addAll(List.of(o.names()));
                    }
                });
                suggestion = FlagSuggestion.closest(u.getUnmatched().get(0), flags)
                        .map(f -> "; did you mean " + f + "?")
                        .orElse("");
            }
            err.println(prefix + CliErrors.describe(e) + suggestion + hint);
            return USAGE_ERROR;
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof UsageException) {
                err.println(prefix + e.getMessage() + hint);
                return USAGE_ERROR;
            }
            err.println(prefix + CliErrors.describe(e));
            return FAILED;
        });
        if (args.length == 0) {
            cl.usage(err);
            return USAGE_ERROR;
        }
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    PrintStream out() {
        return out;
    }

    InputStream in() {
        return in;
    }
}
