package io.runnel.coordinator.runtime;

import io.runnel.common.time.Time;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Keyed timeouts of one coordinator shard: session timeouts, rebalance timeouts, the initial rebalance delay, the
 * offset expiration check. Scheduling a key that is already scheduled replaces its task and deadline; cancelling
 * removes it. Deadlines are measured on {@link Time#hiResClockMs()}, so wall clock jumps do not expire sessions.
 *
 * <p>Nothing runs by itself: the owner asks {@link #delayToNextMs()} when the next task is due and calls {@link
 * #runExpired(Object)} at or after that time, which runs every due task in deadline order (ties in scheduling
 * order) with the given context. Tasks may schedule and cancel other keys, including ones that then fall due in
 * the same call. With {@code MockTime} the queue is fully deterministic.
 *
 * <p>Not thread-safe: one shard thread schedules, cancels and runs.
 *
 * @param <C> what a task receives when it runs (the shard's operation context)
 */
public final class TimerQueue<C> {

    private final Time time;
    private final Map<String, Entry<C>> byKey = new HashMap<>();
    private final PriorityQueue<Entry<C>> queue = new PriorityQueue<>((a, b) -> a.deadlineMs != b.deadlineMs
            ? Long.compare(a.deadlineMs, b.deadlineMs)
            : Long.compare(a.sequence, b.sequence));
    private long sequence;

    public TimerQueue(Time time) {
        this.time = time;
    }

    /** Runs {@code task} once, {@code delayMs} from now, unless {@code key} is cancelled or scheduled again first. */
    public void schedule(String key, long delayMs, Consumer<C> task) {
        Entry<C> previous = byKey.remove(key);
        if (previous != null) {
            previous.cancelled = true;
        }
        Entry<C> entry = new Entry<>(key, time.hiResClockMs() + Math.max(0, delayMs), sequence++, task);
        byKey.put(key, entry);
        queue.add(entry);
    }

    /** Cancels the task of {@code key}; returns whether one was scheduled. */
    public boolean cancel(String key) {
        Entry<C> previous = byKey.remove(key);
        if (previous == null) {
            return false;
        }
        previous.cancelled = true;
        return true;
    }

    public boolean isScheduled(String key) {
        return byKey.containsKey(key);
    }

    /** Milliseconds until the earliest task is due: 0 if one is due now, {@link Long#MAX_VALUE} if none. */
    public long delayToNextMs() {
        dropCancelledHead();
        Entry<C> head = queue.peek();
        if (head == null) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, head.deadlineMs - time.hiResClockMs());
    }

    /** Runs every task whose deadline has passed; returns how many ran. */
    public int runExpired(C context) {
        int ran = 0;
        while (true) {
            dropCancelledHead();
            Entry<C> head = queue.peek();
            if (head == null || head.deadlineMs > time.hiResClockMs()) {
                return ran;
            }
            queue.poll();
            byKey.remove(head.key);
            head.task.accept(context);
            ran++;
        }
    }

    /** Cancels every task. */
    public void clear() {
        byKey.clear();
        queue.clear();
    }

    public int size() {
        return byKey.size();
    }

    private void dropCancelledHead() {
        while (!queue.isEmpty() && queue.peek().cancelled) {
            queue.poll();
        }
    }

    private static final class Entry<C> {
        final String key;
        final long deadlineMs;
        final long sequence;
        final Consumer<C> task;
        boolean cancelled;

        Entry(String key, long deadlineMs, long sequence, Consumer<C> task) {
            this.key = key;
            this.deadlineMs = deadlineMs;
            this.sequence = sequence;
            this.task = task;
        }
    }
}
