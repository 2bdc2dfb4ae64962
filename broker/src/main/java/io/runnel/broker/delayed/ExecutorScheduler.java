package io.runnel.broker.delayed;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link Scheduler} on one daemon thread; cancelled tasks are removed at once. Never interrupts. Thread-safe. */
public final class ExecutorScheduler implements Scheduler, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ExecutorScheduler.class);

    private final ScheduledThreadPoolExecutor executor;

    public ExecutorScheduler(String threadName) {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public Cancellable schedule(long delayMs, Runnable task) {
        ScheduledFuture<?> f = executor.schedule(
                () -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        log.error("Scheduled task failed", e);
                    }
                },
                Math.max(0, delayMs),
                TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    /**
     * Drops pending tasks and waits for a running one to finish, without interrupting it: a task may be reading a
     * log, and an interrupt inside file I/O closes the log's shared channel.
     */
    @Override
    public void close() {
        executor.getQueue().clear();
        executor.shutdown();
        try {
            executor.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
