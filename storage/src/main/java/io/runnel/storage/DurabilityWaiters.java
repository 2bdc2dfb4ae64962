package io.runnel.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;

/**
 * The callers waiting for their appends to be on disk, ordered by the offset they need durable, and whether an
 * fsync loop is running for them. This is the bookkeeping of group commit: a waiter that arrives while an fsync runs
 * is queued, and the next fsync (which covers everything appended by then) completes it together with every other
 * waiter that arrived meanwhile.
 *
 * <p>Thread-safe: every method is synchronized.
 */
final class DurabilityWaiters {

    private record Waiter(long offset, CompletableFuture<Void> future) {}

    private final PriorityQueue<Waiter> waiters = new PriorityQueue<>((a, b) -> Long.compare(a.offset, b.offset));
    private boolean running;

    /**
     * Queues a waiter for {@code offset}.
     *
     * @return true when no fsync loop is running and the caller must start one
     */
    synchronized boolean add(long offset, CompletableFuture<Void> future) {
        waiters.add(new Waiter(offset, future));
        if (running) {
            return false;
        }
        running = true;
        return true;
    }

    /**
     * Removes the waiters satisfied by {@code durableOffset}, to be completed by the caller outside the lock.
     * When none are left the loop is marked stopped and {@code stopped} is set to true in the result.
     */
    synchronized Satisfied satisfy(long durableOffset) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        while (!waiters.isEmpty() && waiters.peek().offset <= durableOffset) {
            done.add(waiters.poll().future);
        }
        boolean stop = waiters.isEmpty();
        if (stop) {
            running = false;
        }
        return new Satisfied(done, stop);
    }

    /** Removes the waiters satisfied by {@code durableOffset} without touching the loop state (another flush). */
    synchronized List<CompletableFuture<Void>> completeUpTo(long durableOffset) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        while (!waiters.isEmpty() && waiters.peek().offset <= durableOffset) {
            done.add(waiters.poll().future);
        }
        return done;
    }

    /** Removes every waiter (the log went offline or closed) and stops the loop. */
    synchronized List<CompletableFuture<Void>> drain() {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (Waiter w : waiters) {
            all.add(w.future);
        }
        waiters.clear();
        running = false;
        return all;
    }

    synchronized int size() {
        return waiters.size();
    }

    record Satisfied(List<CompletableFuture<Void>> futures, boolean loopStopped) {}
}
