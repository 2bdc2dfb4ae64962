package io.runnel.common.time;

/**
 * The clock that all Runnel logic reads. Code never calls {@link System#currentTimeMillis()} or {@link
 * System#nanoTime()} directly; it takes a {@code Time} so that tests can substitute {@link MockTime}.
 *
 * <p>Implementations are thread-safe.
 */
public interface Time {

    /** The wall clock, for timestamps that leave the process (record timestamps, file times). */
    long milliseconds();

    /** A monotonic clock for measuring intervals; unrelated to wall time. */
    long nanoseconds();

    /** Monotonic milliseconds, derived from {@link #nanoseconds()}. */
    default long hiResClockMs() {
        return nanoseconds() / 1_000_000L;
    }

    /** Sleeps for the given time; a mock clock advances instead. */
    void sleep(long ms) throws InterruptedException;

    /** The real clock. */
    Time SYSTEM = new SystemTime();
}
