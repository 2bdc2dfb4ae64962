package io.runnel.bench.probe;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The command line of a probe: {@code --name value} options, and {@code key=value} arguments that are Kafka client
 * properties passed through unchanged (so the harness gives every client, Kafka's tools and the probes, the same
 * settings). Immutable after parsing; not thread-safe while parsing.
 */
final class ProbeArgs {

    private final Map<String, String> options = new LinkedHashMap<>();
    private final Properties clientProps = new Properties();

    ProbeArgs(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + arg + " needs a value");
                }
                options.put(arg.substring(2), args[++i]);
            } else if (arg.contains("=")) {
                int eq = arg.indexOf('=');
                clientProps.setProperty(arg.substring(0, eq), arg.substring(eq + 1));
            } else {
                throw new IllegalArgumentException("unexpected argument " + arg);
            }
        }
    }

    String required(String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return value;
    }

    String optional(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    long longOption(String name, long fallback) {
        String value = options.get(name);
        return value == null ? fallback : Long.parseLong(value);
    }

    double doubleOption(String name, double fallback) {
        String value = options.get(name);
        return value == null ? fallback : Double.parseDouble(value);
    }

    /** A fresh copy of the client properties, with {@code bootstrap.servers} from {@code --bootstrap-server}. */
    Properties clientProps() {
        Properties props = new Properties();
        props.putAll(clientProps);
        props.setProperty("bootstrap.servers", required("bootstrap-server"));
        return props;
    }
}
