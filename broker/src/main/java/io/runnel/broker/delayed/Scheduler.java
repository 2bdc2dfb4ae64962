package io.runnel.broker.delayed;

/** Runs tasks after a delay. Implementations are thread-safe. */
public interface Scheduler {

    /** A scheduled task that may be cancelled before it runs. */
    interface Cancellable {
        void cancel();
    }

    Cancellable schedule(long delayMs, Runnable task);
}
