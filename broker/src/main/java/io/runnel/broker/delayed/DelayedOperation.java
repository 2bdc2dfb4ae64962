package io.runnel.broker.delayed;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An operation that waits for a condition (enough data to fetch, a high watermark reached) for at most a timeout.
 * It completes exactly once: when {@link #tryComplete} finds the condition met, or when the timeout expires and it
 * completes with what there is. Subclasses implement the check and the completion; neither may block.
 *
 * <p>Thread-safe: checks may run concurrently from appending threads and the timer; completion is guarded.
 */
public abstract class DelayedOperation {

    private final long delayMs;
    private final AtomicBoolean completed = new AtomicBoolean();
    private volatile Scheduler.Cancellable timeout;

    protected DelayedOperation(long delayMs) {
        this.delayMs = delayMs;
    }

    public long delayMs() {
        return delayMs;
    }

    /**
     * Checks the condition and, if it holds, calls {@link #forceComplete()}. Returns whether this call completed the
     * operation.
     */
    public abstract boolean tryComplete();

    /** Called exactly once, when the operation completes for any reason. */
    protected abstract void onComplete();

    /** Completes the operation if nobody has; returns whether this call did. */
    public final boolean forceComplete() {
        if (!completed.compareAndSet(false, true)) {
            return false;
        }
        Scheduler.Cancellable t = timeout;
        if (t != null) {
            t.cancel();
        }
        onComplete();
        return true;
    }

    public final boolean isCompleted() {
        return completed.get();
    }

    final void armTimeout(Scheduler scheduler) {
        timeout = scheduler.schedule(delayMs, this::forceComplete);
        if (isCompleted()) {
            // Completed between the check and arming: the timer must not outlive the operation.
            timeout.cancel();
        }
    }
}
