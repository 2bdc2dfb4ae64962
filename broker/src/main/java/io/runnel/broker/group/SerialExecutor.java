package io.runnel.broker.group;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared pool: each coordinator shard gets one, so its calls
 * never overlap (the shard is single-threaded by contract) while all shards share a couple of threads.
 *
 * <p>Thread-safe.
 */
final class SerialExecutor implements Executor {

    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

    /** Tasks run before yielding the pool thread to other shards. */
    private static final int BATCH = 64;

    private final Executor pool;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (tasks) {
            tasks.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        pool.execute(this::drain);
    }

    private void drain() {
        for (int done = 0; ; done++) {
            Runnable next;
            synchronized (tasks) {
                next = tasks.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            if (done == BATCH) {
                // Let other shards' tasks run on this thread before continuing.
                synchronized (tasks) {
                    tasks.addFirst(next);
                }
                pool.execute(this::drain);
                return;
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                log.error("Coordinator task failed", e);
            }
        }
    }
}
