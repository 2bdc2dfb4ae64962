package io.runnel.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * The Admin client one verb invocation uses, with its waits bounded: unless the caller's properties say otherwise,
 * every call gives up after {@link #DEFAULT_TIMEOUT_MS} (Kafka's tools wait 60 s), and a call that could not reach
 * any broker in that time fails with one line naming the bootstrap servers instead of the client's "Timed out
 * waiting for a node assignment".
 *
 * <p>Not thread-safe; closed by the verb that opened it.
 */
final class AdminConnection implements AutoCloseable {

    /** How long a tool waits for a broker unless {@code default.api.timeout.ms} says otherwise. */
    static final int DEFAULT_TIMEOUT_MS = 15_000;

    private final Admin admin;
    private final String bootstrapServers;
    private final long timeoutMs;

    private AdminConnection(Admin admin, String bootstrapServers, long timeoutMs) {
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
        this.timeoutMs = timeoutMs;
    }

    /**
     * Opens an Admin client on {@code bootstrapServers} with {@code props} (a {@code --command-config} file, or a
     * producer's or consumer's properties: keys the Admin client does not know are left out).
     */
    static AdminConnection open(String bootstrapServers, Map<String, String> props) {
        Set<String> known = AdminClientConfig.configNames();
        Map<String, Object> config = new LinkedHashMap<>();
        props.forEach((k, v) -> {
            if (known.contains(k) || isPluginProperty(k)) {
                config.put(k, v);
            }
        });
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(DEFAULT_TIMEOUT_MS));
        long timeoutMs = parseTimeout(config.get(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG));
        // The client insists on request.timeout.ms <= default.api.timeout.ms.
        config.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.min(timeoutMs, 30_000)));
        config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "runnel-cli");
        try {
            return new AdminConnection(Admin.create(config), bootstrapServers, timeoutMs);
        } catch (RuntimeException e) {
            throw new CommandFailedException(CliErrors.describe(e), e);
        }
    }

    /** Security-provider properties (SASL login modules etc.) pass through even when not in configNames(). */
    private static boolean isPluginProperty(String key) {
        return key.startsWith("sasl.") || key.startsWith("ssl.") || key.startsWith("security.");
    }

    private static long parseTimeout(Object value) {
        try {
            return Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new UsageException("Invalid default.api.timeout.ms: " + value);
        }
    }

    Admin admin() {
        return admin;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    long timeoutMs() {
        return timeoutMs;
    }

    /**
     * Waits for an Admin result. A broker's error comes back as its (unchecked) Kafka exception; a timeout before
     * any broker answered becomes a {@link CommandFailedException} saying the broker could not be reached.
     */
    <T> T await(KafkaFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailedException("Interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw translate(cause);
        }
    }

    RuntimeException translate(Throwable cause) {
        if (cause instanceof TimeoutException && isUnreachable(cause.getMessage())) {
            return unreachable(bootstrapServers, timeoutMs);
        }
        if (cause instanceof RuntimeException re) {
            return re;
        }
        return new CommandFailedException(CliErrors.describe(cause), cause);
    }

    static CommandFailedException unreachable(String bootstrapServers, long timeoutMs) {
        return new CommandFailedException("Could not reach any broker at " + bootstrapServers + " within " + timeoutMs
                + " ms; is a broker running there?");
    }

    /** The Admin client's wording when no broker connection was made in time. */
    private static boolean isUnreachable(String message) {
        return message != null
                && (message.contains("node assignment")
                        || message.contains("waiting to send the call")
                        || message.contains("Timed out waiting for a node"));
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
