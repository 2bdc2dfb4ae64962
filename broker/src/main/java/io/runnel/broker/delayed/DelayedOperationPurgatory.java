package io.runnel.broker.delayed;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds delayed operations until they can complete: each operation watches one or more keys (partitions), and an
 * event on a key ({@link #checkAndComplete}, e.g. an append) re-checks the operations watching it. Operations that
 * never become satisfiable complete when their timeout expires. Nothing blocks and nothing polls.
 *
 * <p>Thread-safe: events and registrations may come from any thread.
 */
public final class DelayedOperationPurgatory<T extends DelayedOperation> {

    private static final int PURGE_INTERVAL = 1000;

    private final Scheduler scheduler;
    private final Map<Object, ConcurrentLinkedQueue<T>> watchers = new ConcurrentHashMap<>();
    private final AtomicInteger registrations = new AtomicInteger();
    private volatile boolean shutdown;

    public DelayedOperationPurgatory(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Completes the operation now if it can; otherwise watches it under every key and arms its timeout. Returns
     * whether it completed immediately.
     */
    public boolean tryCompleteElseWatch(T operation, List<?> keys) {
        if (operation.tryComplete()) {
            return true;
        }
        if (shutdown) {
            operation.forceComplete();
            return true;
        }
        for (Object key : keys) {
            if (operation.isCompleted()) {
                break;
            }
            watchers.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).add(operation);
        }
        // An event may have happened between the first check and the watch: check once more.
        if (operation.tryComplete()) {
            return true;
        }
        operation.armTimeout(scheduler);
        if (registrations.incrementAndGet() % PURGE_INTERVAL == 0) {
            purgeCompleted();
        }
        return false;
    }

    /** Re-checks the operations watching {@code key}; returns how many completed. */
    public int checkAndComplete(Object key) {
        ConcurrentLinkedQueue<T> queue = watchers.get(key);
        if (queue == null) {
            return 0;
        }
        int completed = 0;
        for (Iterator<T> it = queue.iterator(); it.hasNext(); ) {
            T op = it.next();
            if (op.isCompleted()) {
                it.remove();
            } else if (op.tryComplete()) {
                it.remove();
                completed++;
            }
        }
        if (queue.isEmpty()) {
            watchers.remove(key, queue);
        }
        return completed;
    }

    /** Operations still waiting (each counted once per key it watches). */
    public int watched() {
        int n = 0;
        for (ConcurrentLinkedQueue<T> q : watchers.values()) {
            for (T op : q) {
                if (!op.isCompleted()) {
                    n++;
                }
            }
        }
        return n;
    }

    private void purgeCompleted() {
        for (Map.Entry<Object, ConcurrentLinkedQueue<T>> e : watchers.entrySet()) {
            e.getValue().removeIf(DelayedOperation::isCompleted);
            if (e.getValue().isEmpty()) {
                watchers.remove(e.getKey(), e.getValue());
            }
        }
    }

    /** Completes every waiting operation now (with what it has) and refuses to wait on new ones. */
    public void shutdown() {
        shutdown = true;
        for (ConcurrentLinkedQueue<T> q : watchers.values()) {
            for (T op : q) {
                op.forceComplete();
            }
        }
        watchers.clear();
    }
}
