package io.runnel.cli;

/**
 * A JVM shutdown hook that exists only while one long-running verb runs, so that Ctrl-C (SIGINT) or SIGTERM lets
 * the verb finish cleanly (the console consumer prints its count, the console producer flushes). Closing removes the
 * hook; closing while the JVM is already shutting down is a no-op. Installed per invocation, never kept in a static.
 *
 * <p>Thread-safe.
 */
final class ShutdownHook implements AutoCloseable {

    private final Thread thread;

    private ShutdownHook(Thread thread) {
        this.thread = thread;
    }

    static ShutdownHook install(String name, Runnable action) {
        Thread t = new Thread(action, name);
        Runtime.getRuntime().addShutdownHook(t);
        return new ShutdownHook(t);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or has run: nothing to remove.
        }
    }
}
