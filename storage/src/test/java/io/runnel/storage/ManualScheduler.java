package io.runnel.storage;

import io.runnel.common.time.MockTime;
import java.util.ArrayList;
import java.util.List;

/** A {@link Scheduler} driven by a {@link MockTime}: tasks run when {@link #runDue()} finds them due. */
final class ManualScheduler implements Scheduler {

    private record Task(String name, Runnable task, long dueMs) {}

    private final MockTime time;
    private final List<Task> tasks = new ArrayList<>();

    ManualScheduler(MockTime time) {
        this.time = time;
    }

    @Override
    public synchronized void schedule(String name, Runnable task, long delayMs) {
        tasks.add(new Task(name, task, time.milliseconds() + delayMs));
    }

    /** Runs (outside the lock) every task whose time has come; returns how many ran. */
    int runDue() {
        List<Task> due = new ArrayList<>();
        synchronized (this) {
            long now = time.milliseconds();
            tasks.removeIf(t -> {
                if (t.dueMs <= now) {
                    due.add(t);
                    return true;
                }
                return false;
            });
        }
        due.forEach(t -> t.task.run());
        return due.size();
    }

    synchronized int pending() {
        return tasks.size();
    }
}
