package io.runnel.storage;

import io.runnel.common.time.Time;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs compaction in the background: {@code log.cleaner.threads} threads, each with its own {@link Compactor} (and
 * so its share of {@code log.cleaner.dedupe.buffer.size}), repeatedly pick the compacted log that needs it most (one
 * overdue by {@code max.compaction.lag.ms} first, then the highest dirty ratio at or above {@code
 * min.cleanable.dirty.ratio}), compact it, and have the manager checkpoint the new cleaner offsets. A thread that
 * finds nothing to do waits {@code log.cleaner.backoff.ms}. A log is compacted by one thread at a time. An I/O error
 * while compacting abandons that pass (nothing was installed) and is logged; the log stays online.
 *
 * <p>Thread-safe. Memory for a thread's key map is allocated when it first compacts.
 */
final class LogCleaner {

    private static final Logger log = LoggerFactory.getLogger(LogCleaner.class);

    private final LogManagerConfig config;
    private final Time time;
    private final Supplier<Collection<Log>> logs;
    private final Consumer<Log> checkpoint;
    private final Set<Log> inProgress = new HashSet<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Object wakeup = new Object();
    private volatile boolean stopped;
    private Compactor callerCompactor;

    LogCleaner(LogManagerConfig config, Time time, Supplier<Collection<Log>> logs, Consumer<Log> checkpoint) {
        this.config = config;
        this.time = time;
        this.logs = logs;
        this.checkpoint = checkpoint;
    }

    private Compactor newCompactor() {
        int threadCount = Math.max(1, config.cleanerThreads());
        return new Compactor(
                config.cleanerDedupeBufferSize() / threadCount,
                config.cleanerIoBufferLoadFactor(),
                config.cleanerIoBufferSize(),
                time);
    }

    void start() {
        for (int i = 0; i < config.cleanerThreads(); i++) {
            Thread t = new Thread(this::run, "runnel-log-cleaner-" + (i + 1));
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void run() {
        Compactor compactor = null;
        while (!stopped) {
            boolean worked = false;
            try {
                if (compactor == null && findDirtiest() != null) {
                    compactor = newCompactor();
                }
                worked = compactor != null && cleanOnce(compactor);
            } catch (RuntimeException e) {
                log.error("Compaction failed", e);
            }
            if (!worked) {
                synchronized (wakeup) {
                    if (!stopped) {
                        try {
                            wakeup.wait(Math.max(1, config.cleanerBackoffMs()));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }
            }
        }
    }

    /** One compaction of the log that needs it most, in the calling thread; returns whether one was compacted. */
    synchronized boolean cleanOnce() {
        if (callerCompactor == null) {
            callerCompactor = newCompactor();
        }
        return cleanOnce(callerCompactor);
    }

    private boolean cleanOnce(Compactor compactor) {
        Candidate chosen = claimDirtiest();
        if (chosen == null) {
            return false;
        }
        try {
            Compactor.Result result = compactor.compact(chosen.log, chosen.plan);
            if (result == null) {
                return false;
            }
            checkpoint.accept(chosen.log);
            log.info(
                    "Compacted {}: offsets [{}, {}) in {} group(s), read {} bytes, wrote {}, removed {} records",
                    chosen.log.topicPartition(),
                    result.firstDirtyOffset(),
                    result.endOffset(),
                    result.groups(),
                    result.bytesRead(),
                    result.bytesWritten(),
                    result.recordsRemoved());
            return true;
        } catch (IOException e) {
            log.error("Compaction of {} failed and was abandoned: {}", chosen.log.topicPartition(), e.toString());
            return false;
        } catch (StorageException e) {
            log.error("Compaction of {} stopped: {}", chosen.log.topicPartition(), e.getMessage());
            return false;
        } finally {
            synchronized (inProgress) {
                inProgress.remove(chosen.log);
            }
        }
    }

    private record Candidate(Log log, CleaningPlan plan) {}

    private Candidate findDirtiest() {
        long now = time.milliseconds();
        Candidate best = null;
        for (Log l : logs.get()) {
            synchronized (inProgress) {
                if (inProgress.contains(l)) {
                    continue;
                }
            }
            CleaningPlan plan = l.planCleaning(now);
            if (plan == null || !plan.needsCleaning()) {
                continue;
            }
            if (best == null
                    || (plan.overdue() && !best.plan.overdue())
                    || (plan.overdue() == best.plan.overdue() && plan.dirtyRatio() > best.plan.dirtyRatio())) {
                best = new Candidate(l, plan);
            }
        }
        return best;
    }

    private Candidate claimDirtiest() {
        while (true) {
            Candidate best = findDirtiest();
            if (best == null) {
                return null;
            }
            synchronized (inProgress) {
                if (inProgress.add(best.log)) {
                    return best;
                }
            }
        }
    }

    void shutdown() {
        stopped = true;
        synchronized (wakeup) {
            wakeup.notifyAll();
        }
        // No interrupt: a thread interrupted inside FileChannel I/O closes the channel, which the log shares.
        for (Thread t : threads) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
