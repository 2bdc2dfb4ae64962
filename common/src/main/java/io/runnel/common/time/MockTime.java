package io.runnel.common.time;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told to, for deterministic tests. {@link #sleep(long)} advances the clock instead
 * of blocking, and an optional auto-tick advances it on every read.
 *
 * <p>Thread-safe: both clocks are atomics, and wall time and monotonic time always advance together.
 */
public final class MockTime implements Time {

    private final AtomicLong timeMs;
    private final AtomicLong highResTimeNs;
    private final long autoTickMs;

    /** A mock clock starting at a fixed, recognisable instant (2026-01-01T00:00:00Z). */
    public MockTime() {
        this(0, 1_767_225_600_000L, 1_000_000_000L);
    }

    public MockTime(long autoTickMs, long currentTimeMs, long currentHighResTimeNs) {
        this.timeMs = new AtomicLong(currentTimeMs);
        this.highResTimeNs = new AtomicLong(currentHighResTimeNs);
        this.autoTickMs = autoTickMs;
    }

    @Override
    public long milliseconds() {
        maybeSleep(autoTickMs);
        return timeMs.get();
    }

    @Override
    public long nanoseconds() {
        maybeSleep(autoTickMs);
        return highResTimeNs.get();
    }

    @Override
    public void sleep(long ms) {
        maybeSleep(ms);
    }

    /** Advances both clocks by {@code ms} milliseconds. */
    public void advance(long ms) {
        if (ms < 0) {
            throw new IllegalArgumentException("time cannot go backwards: " + ms);
        }
        timeMs.addAndGet(ms);
        highResTimeNs.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    /** Sets the wall clock (monotonic time is advanced by the same amount when moving forward). */
    public void setCurrentTimeMs(long newMs) {
        long delta = newMs - timeMs.get();
        if (delta < 0) {
            throw new IllegalArgumentException("time cannot go backwards: " + newMs + " < " + timeMs.get());
        }
        advance(delta);
    }

    private void maybeSleep(long ms) {
        if (ms != 0) {
            advance(ms);
        }
    }
}
