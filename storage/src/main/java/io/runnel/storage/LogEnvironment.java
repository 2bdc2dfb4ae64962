package io.runnel.storage;

import io.runnel.common.time.Time;
import io.runnel.storage.io.Disk;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * What a {@link Log} needs from its surroundings, shared by every log of a {@link LogManager}: the disk, the clock,
 * an executor for fsyncs (group commit, the flush after a roll, flush.messages), a scheduler for deferred file
 * deletion, a listener told once when a log goes offline after a disk error, and the writer of the directory's
 * offset checkpoints.
 *
 * <p>With a direct executor ({@code Runnable::run}) fsyncs run in the calling thread: group commit still coalesces
 * (the first waiter runs the fsync loop for everyone who arrives meanwhile), but the caller blocks. Immutable.
 */
public record LogEnvironment(
        Disk disk,
        Time time,
        Executor ioExecutor,
        Scheduler scheduler,
        Consumer<Log> offlineListener,
        OffsetCheckpointer checkpointer) {

    /**
     * Writes a log's recovery point and log start offset to the checkpoint files of its directory, durably, before
     * returning. A truncation lowers the recovery point; if a crash then found the older, higher checkpoint,
     * recovery would trust segments written after the truncation and never flushed. So a truncation calls this
     * before it returns.
     */
    @FunctionalInterface
    public interface OffsetCheckpointer {
        void checkpoint(Log log) throws IOException;
    }

    public LogEnvironment(
            Disk disk, Time time, Executor ioExecutor, Scheduler scheduler, Consumer<Log> offlineListener) {
        this(disk, time, ioExecutor, scheduler, offlineListener, log -> {});
    }

    /** Given disk and clock, fsyncs and deletions in the calling thread, no listeners: for tools and tests. */
    public static LogEnvironment inline(Disk disk, Time time) {
        return new LogEnvironment(disk, time, Runnable::run, (name, task, delayMs) -> task.run(), log -> {});
    }
}
