package io.runnel.broker.delayed;

import io.runnel.common.time.MockTime;
import java.util.ArrayList;
import java.util.List;

/** A scheduler for tests: tasks run when the mock clock is advanced past their time. Not thread-safe. */
final class ManualScheduler implements Scheduler {

    private final MockTime time;
    private final List<long[]> due = new ArrayList<>();
    private final List<Runnable> tasks = new ArrayList<>();

    ManualScheduler(MockTime time) {
        this.time = time;
    }

    @Override
    public Cancellable schedule(long delayMs, Runnable task) {
        long[] entry = {time.milliseconds() + delayMs, 0};
        due.add(entry);
        tasks.add(task);
        return () -> entry[1] = 1;
    }

    void advance(long ms) {
        time.sleep(ms);
        for (int i = 0; i < due.size(); i++) {
            long[] e = due.get(i);
            if (e[1] == 0 && e[0] <= time.milliseconds()) {
                e[1] = 1;
                tasks.get(i).run();
            }
        }
    }

    int pending() {
        return (int) due.stream().filter(e -> e[1] == 0).count();
    }
}
