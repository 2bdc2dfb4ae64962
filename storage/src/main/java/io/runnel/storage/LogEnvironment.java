package io.runnel.storage;

import io.runnel.common.time.Time;
import io.runnel.storage.io.Disk;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * What a {@link Log} needs from its surroundings, shared by every log of a {@link LogManager}: the disk, the clock,
 * an executor for fsyncs (group commit, the flush after a roll, flush.messages), a scheduler for deferred file
 * deletion, and a listener told once when a log goes offline after a disk error.
 *
 * <p>With a direct executor ({@code Runnable::run}) fsyncs run in the calling thread: group commit still coalesces
 * (the first waiter runs the fsync loop for everyone who arrives meanwhile), but the caller blocks. Immutable.
 */
public record LogEnvironment(
        Disk disk, Time time, Executor ioExecutor, Scheduler scheduler, Consumer<Log> offlineListener) {

    /** Real disk, given clock, fsyncs and deletions in the calling thread, no offline listener: for tools and tests. */
    public static LogEnvironment inline(Disk disk, Time time) {
        return new LogEnvironment(disk, time, Runnable::run, (name, task, delayMs) -> task.run(), log -> {});
    }
}
