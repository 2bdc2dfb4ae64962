package io.runnel.connect.worker;

import io.runnel.common.time.Time;
import io.runnel.connect.ConnectorConfig;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import org.apache.kafka.connect.errors.RetriableException;

/**
 * {@code errors.retry.timeout} and {@code errors.retry.delay.max.ms}: an operation on a record (converting,
 * transforming) that throws a {@link RetriableException} is tried again, waiting 300 ms, then twice as long each
 * time up to the maximum delay, until it succeeds or the timeout has passed (0, the default: no retries; -1: no
 * limit). Then the last failure goes to the error handling ({@code errors.tolerance}). The clock is injected. Used
 * by one task thread.
 */
final class RetryPolicy {

    private static final long FIRST_DELAY_MS = 300;

    private final long timeoutMs;
    private final long maxDelayMs;
    private final Time time;

    RetryPolicy(Map<String, String> config, Time time) {
        this.timeoutMs = Long.parseLong(
                config.getOrDefault(ConnectorConfig.ERRORS_RETRY_TIMEOUT, "0").trim());
        this.maxDelayMs = Long.parseLong(config.getOrDefault(ConnectorConfig.ERRORS_RETRY_DELAY_MAX_MS, "60000")
                .trim());
        this.time = time;
    }

    <T> T call(Callable<T> operation, BooleanSupplier stopping) throws Exception {
        long start = time.hiResClockMs();
        long delay = FIRST_DELAY_MS;
        while (true) {
            try {
                return operation.call();
            } catch (RetriableException e) {
                long elapsed = time.hiResClockMs() - start;
                if (timeoutMs == 0 || (timeoutMs > 0 && elapsed >= timeoutMs) || stopping.getAsBoolean()) {
                    throw e;
                }
                long wait = Math.min(delay, maxDelayMs);
                if (timeoutMs > 0) {
                    wait = Math.min(wait, timeoutMs - elapsed);
                }
                time.sleep(Math.max(1, wait));
                delay = Math.min(delay * 2, Math.max(maxDelayMs, 1));
            }
        }
    }
}
