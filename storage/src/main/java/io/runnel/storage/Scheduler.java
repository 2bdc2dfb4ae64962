package io.runnel.storage;

/**
 * Runs a task once after a delay (deferred file deletion). The {@link LogManager} implements it with its scheduler
 * thread; tests substitute one they drive by hand. Implementations are thread-safe.
 */
@FunctionalInterface
public interface Scheduler {

    void schedule(String name, Runnable task, long delayMs);
}
