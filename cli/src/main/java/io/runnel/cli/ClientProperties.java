package io.runnel.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Client and tool properties as Kafka's tools take them: a {@code .properties} file ({@code --command-config},
 * {@code --producer.config}, {@code --consumer.config}, {@code --reader-config}, {@code --formatter-config}) and
 * repeated {@code key=value} flags ({@code --producer-property}, {@code --consumer-property}, {@code --property},
 * {@code --config}), the flags taking precedence. A flag is split at its first {@code =}, so values may contain
 * {@code =}; an empty value is allowed, a missing {@code =} or an empty key is a {@link UsageException}.
 *
 * <p>Stateless.
 */
final class ClientProperties {

    private ClientProperties() {}

    /** Reads a properties file; a missing or unreadable file is a {@link CommandFailedException}. */
    static Map<String, String> load(Path file) {
        if (file == null) {
            return new LinkedHashMap<>();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            throw new CommandFailedException("Config file " + file + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw new CommandFailedException("Could not read config file " + file + ": " + e.getMessage());
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (String name : p.stringPropertyNames()) {
            result.put(name, p.getProperty(name));
        }
        return result;
    }

    /** Parses {@code key=value} flags, in order; a later flag for the same key wins. */
    static Map<String, String> parse(List<String> assignments, String flag) {
        Map<String, String> result = new LinkedHashMap<>();
        if (assignments == null) {
            return result;
        }
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("Invalid " + flag + " '" + a + "': expected key=value");
            }
            result.put(a.substring(0, eq).trim(), a.substring(eq + 1));
        }
        return result;
    }

    /** The file's properties overlaid with the flags. */
    static Map<String, String> merge(Path file, List<String> assignments, String flag) {
        Map<String, String> result = load(file);
        result.putAll(parse(assignments, flag));
        return result;
    }

    static Properties toProperties(Map<String, String> map) {
        Properties p = new Properties();
        p.putAll(map);
        return p;
    }
}
