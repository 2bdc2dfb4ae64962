package io.runnel.storage;

import io.runnel.common.time.Time;
import io.runnel.storage.checkpoint.OffsetCheckpoint;
import io.runnel.storage.io.Disk;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns one log directory ({@code log.dirs} entry): opens and recovers every partition log in it at {@link
 * #startup()}, creates and deletes partition logs, runs the background work, and shuts down cleanly.
 *
 * <p>Files in the directory besides the partition directories: {@code recovery-point-offset-checkpoint}, {@code
 * log-start-offset-checkpoint}, {@code replication-offset-checkpoint} (high watermarks) and {@code
 * cleaner-offset-checkpoint} (where compaction got to), in Kafka's text format
 * ({@link OffsetCheckpoint}), and {@code .runnel_cleanshutdown}, present only between a clean shutdown and the next
 * startup; its presence lets startup skip recovery. A partition directory being deleted is renamed {@code
 * <topic>-<partition>.<uuid>-delete} and removed in the background.
 *
 * <p>Threads, sized for a 2-core machine: one scheduler thread (retention every {@code
 * log.retention.check.interval.ms}, flush checks, checkpoints, producer expiry, deferred file deletion), two I/O
 * threads (fsyncs: group commit, flushes after rolls), {@code log.cleaner.threads} compaction threads, and at
 * startup and shutdown {@code num.recovery.threads.per.data.dir} threads. The public methods that the threads call
 * ({@link #cleanupLogs()}, {@link #flushDirtyLogs()}, {@link #checkpointLogs()}, ...) can be called directly, which
 * is how tests drive them with a {@code MockTime}.
 *
 * <p>Thread-safe.
 */
public final class LogManager implements AutoCloseable {

    public static final String CLEAN_SHUTDOWN_FILE = ".runnel_cleanshutdown";
    public static final String RECOVERY_POINT_CHECKPOINT = "recovery-point-offset-checkpoint";
    public static final String LOG_START_OFFSET_CHECKPOINT = "log-start-offset-checkpoint";
    public static final String HIGH_WATERMARK_CHECKPOINT = "replication-offset-checkpoint";
    public static final String CLEANER_OFFSET_CHECKPOINT = "cleaner-offset-checkpoint";
    private static final String DELETE_DIR_SUFFIX = "-delete";
    private static final Logger log = LoggerFactory.getLogger(LogManager.class);

    private final Path logDir;
    private final LogManagerConfig config;
    private final Function<TopicPartition, LogConfig> configForPartition;
    private final Time time;
    private final Disk disk;
    private final Consumer<TopicPartition> offlineListener;
    private final ConcurrentHashMap<TopicPartition, Log> logs = new ConcurrentHashMap<>();
    private final Object createLock = new Object();
    private final Object checkpointLock = new Object();
    private final ScheduledExecutorService scheduler;
    private final ExecutorService io;
    private final LogEnvironment env;
    private final LogCleaner cleaner;
    private volatile boolean started;
    private volatile boolean shutDown;

    /**
     * @param logDir the directory this manager owns
     * @param configForPartition the configuration of each partition log found at startup (topic overrides over the
     *     broker defaults); later changes go through {@link Log#updateConfig}
     * @param offlineListener told the partition of each log that goes offline after a disk error
     */
    public LogManager(
            Path logDir,
            LogManagerConfig config,
            Function<TopicPartition, LogConfig> configForPartition,
            Time time,
            Disk disk,
            Consumer<TopicPartition> offlineListener) {
        this.logDir = logDir;
        this.config = config;
        this.configForPartition = configForPartition;
        this.time = time;
        this.disk = disk;
        this.offlineListener = offlineListener;
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, threads("runnel-log-scheduler"));
        s.setRemoveOnCancelPolicy(true);
        s.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.scheduler = s;
        this.io = Executors.newFixedThreadPool(2, threads("runnel-log-io"));
        this.env = new LogEnvironment(
                disk,
                time,
                io,
                (name, task, delayMs) -> schedule(name, task, delayMs),
                this::onLogOffline,
                log -> checkpointAfterTruncation());
        this.cleaner =
                new LogCleaner(config, time, () -> new ArrayList<>(logs.values()), log -> checkpointCleanerOffsets());
    }

    public Path logDir() {
        return logDir;
    }

    /** The environment given to every log of this manager (disk, clock, executors). */
    public LogEnvironment environment() {
        return env;
    }

    /**
     * Opens every partition log in the directory (recovering them in parallel if the last shutdown was not clean),
     * removes the clean shutdown marker, and starts the background work.
     */
    public void startup() throws IOException {
        if (started) {
            throw new IllegalStateException("LogManager for " + logDir + " already started");
        }
        disk.createDirectories(logDir);
        Path marker = logDir.resolve(CLEAN_SHUTDOWN_FILE);
        boolean clean = disk.exists(marker);
        Map<TopicPartition, Long> recoveryPoints = readCheckpoint(RECOVERY_POINT_CHECKPOINT);
        Map<TopicPartition, Long> startOffsets = readCheckpoint(LOG_START_OFFSET_CHECKPOINT);
        Map<TopicPartition, Long> highWatermarks = readCheckpoint(HIGH_WATERMARK_CHECKPOINT);
        Map<TopicPartition, Long> cleanerOffsets = readCheckpoint(CLEANER_OFFSET_CHECKPOINT);
        List<Path> toLoad = new ArrayList<>();
        for (Path entry : disk.list(logDir)) {
            String name = entry.getFileName().toString();
            if (!disk.isDirectory(entry)) {
                continue;
            }
            if (name.endsWith(DELETE_DIR_SUFFIX)) {
                schedule("delete-dir-" + name, () -> deleteDirectory(entry), 0);
                continue;
            }
            try {
                TopicPartition.fromDirectoryName(name);
                toLoad.add(entry);
            } catch (IllegalArgumentException e) {
                log.warn("Ignoring {} in log directory {}: not a partition directory", name, logDir);
            }
        }
        long startNs = time.nanoseconds();
        ExecutorService recovery =
                Executors.newFixedThreadPool(config.recoveryThreads(), threads("runnel-log-recovery"));
        try {
            List<Future<Log>> opened = new ArrayList<>();
            for (Path dir : toLoad) {
                TopicPartition tp =
                        TopicPartition.fromDirectoryName(dir.getFileName().toString());
                opened.add(recovery.submit(() -> Log.open(
                        dir,
                        tp,
                        configForPartition.apply(tp),
                        env,
                        recoveryPoints.getOrDefault(tp, 0L),
                        startOffsets.getOrDefault(tp, 0L),
                        highWatermarks.getOrDefault(tp, 0L),
                        clean)));
            }
            for (Future<Log> f : opened) {
                Log l = f.get();
                l.setCleanerCheckpoint(cleanerOffsets.getOrDefault(l.topicPartition(), 0L));
                logs.put(l.topicPartition(), l);
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            closeAllQuietly();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException("Could not open the logs in " + logDir, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeAllQuietly();
            throw new IOException("Interrupted while opening the logs in " + logDir, e);
        } finally {
            recovery.shutdownNow();
        }
        if (clean) {
            disk.deleteIfExists(marker);
            disk.syncDirectory(logDir);
        }
        log.info(
                "Opened {} log(s) in {} in {} ms ({})",
                logs.size(),
                logDir,
                (time.nanoseconds() - startNs) / 1_000_000,
                clean ? "after a clean shutdown" : toLoad.isEmpty() ? "no logs yet" : "after an unclean shutdown");
        startBackgroundWork();
        started = true;
    }

    private void startBackgroundWork() {
        every("retention", config.retentionCheckIntervalMs(), this::cleanupLogs);
        every("flush", config.flushSchedulerIntervalMs(), this::flushDirtyLogs);
        if (config.flushOffsetCheckpointIntervalMs() > 0) {
            every(
                    "checkpoint-recovery-points",
                    config.flushOffsetCheckpointIntervalMs(),
                    this::checkpointRecoveryPoints);
        }
        if (config.flushStartOffsetCheckpointIntervalMs() > 0) {
            every(
                    "checkpoint-log-start-offsets",
                    config.flushStartOffsetCheckpointIntervalMs(),
                    this::checkpointLogStartOffsets);
        }
        every("checkpoint-high-watermarks", config.highWatermarkCheckpointIntervalMs(), this::checkpointHighWatermarks);
        every("producer-expiration", config.producerIdExpirationCheckIntervalMs(), this::removeExpiredProducers);
        if (config.cleanerEnabled()) {
            cleaner.start();
        }
    }

    private void every(String name, long periodMs, Runnable task) {
        scheduler.scheduleWithFixedDelay(guard(name, task), periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    private void schedule(String name, Runnable task, long delayMs) {
        if (shutDown) {
            // After shutdown deferred deletions happen at once: their files are renamed and no reader remains.
            guard(name, task).run();
            return;
        }
        try {
            scheduler.schedule(guard(name, task), delayMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            guard(name, task).run();
        }
    }

    private static Runnable guard(String name, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("Background task {} failed", name, e);
            }
        };
    }

    // ------------------------------------------------------------------------------------------- partition logs

    public Optional<Log> getLog(TopicPartition tp) {
        return Optional.ofNullable(logs.get(tp));
    }

    /** Every open log. */
    public Map<TopicPartition, Log> allLogs() {
        return Map.copyOf(logs);
    }

    /**
     * The log of {@code tp}, created empty with {@code config} if it does not exist.
     *
     * @throws StorageException LOG_OFFLINE when the directory cannot be created
     */
    public Log getOrCreateLog(TopicPartition tp, LogConfig logConfig) {
        Log existing = logs.get(tp);
        if (existing != null) {
            return existing;
        }
        synchronized (createLock) {
            existing = logs.get(tp);
            if (existing != null) {
                return existing;
            }
            if (shutDown) {
                throw new StorageException(StorageError.LOG_CLOSED, "The log manager of " + logDir + " is shut down");
            }
            Path dir = logDir.resolve(tp.directoryName());
            try {
                boolean existed = disk.exists(dir);
                Log created = Log.open(dir, tp, logConfig, env, 0, 0, 0, !existed);
                disk.syncDirectory(logDir);
                logs.put(tp, created);
                log.info("Created log {} in {}", tp, logDir);
                return created;
            } catch (IOException e) {
                throw new StorageException(
                        StorageError.LOG_OFFLINE, "Could not create the log of " + tp + " in " + logDir + ": " + e, e);
            }
        }
    }

    /**
     * Removes a partition's log: it is closed at once, its directory renamed {@code <name>.<uuid>-delete} (durably)
     * and deleted in the background.
     *
     * @return whether there was such a log
     */
    public boolean deleteLog(TopicPartition tp) {
        Log removed;
        synchronized (createLock) {
            removed = logs.remove(tp);
        }
        if (removed == null) {
            return false;
        }
        removed.closeWithoutFlush();
        Path target = logDir.resolve(
                tp.directoryName() + "." + UUID.randomUUID().toString().replace("-", "") + DELETE_DIR_SUFFIX);
        try {
            disk.move(removed.directory(), target);
            disk.syncDirectory(logDir);
        } catch (IOException e) {
            throw new StorageException(StorageError.LOG_OFFLINE, "Could not delete the log of " + tp + ": " + e, e);
        }
        schedule(
                "delete-dir-" + tp,
                () -> deleteDirectory(target),
                removed.config().fileDeleteDelayMs());
        log.info("Deleted log {}", tp);
        return true;
    }

    private void deleteDirectory(Path dir) {
        try {
            for (Path file : disk.list(dir)) {
                disk.deleteIfExists(file);
            }
            disk.deleteIfExists(dir);
        } catch (IOException e) {
            log.warn("Could not delete {}: {}", dir, e.toString());
        }
    }

    private void onLogOffline(Log offline) {
        log.error("Log {} in {} is offline", offline.topicPartition(), logDir);
        offlineListener.accept(offline.topicPartition());
    }

    // ----------------------------------------------------------------------------------------- background work

    /** Retention: deletes the segments of every log that are past retention. Returns how many went. */
    public int cleanupLogs() {
        int deleted = 0;
        for (Log l : logs.values()) {
            try {
                deleted += l.deleteOldSegments();
            } catch (StorageException e) {
                log.warn("Retention of {} failed: {}", l.topicPartition(), e.getMessage());
            }
        }
        return deleted;
    }

    /** Flushes the logs whose {@code flush.ms} has passed. */
    public void flushDirtyLogs() {
        long now = time.milliseconds();
        for (Log l : logs.values()) {
            try {
                l.flushIfDue(now);
            } catch (StorageException e) {
                log.warn("Flush of {} failed: {}", l.topicPartition(), e.getMessage());
            }
        }
    }

    /** Forgets idle producer ids in every log. */
    public void removeExpiredProducers() {
        long now = time.milliseconds();
        for (Log l : logs.values()) {
            l.removeExpiredProducers(now, config.producerIdExpirationMs());
        }
    }

    /** Writes the four checkpoint files. */
    public void checkpointLogs() {
        checkpointRecoveryPoints();
        checkpointLogStartOffsets();
        checkpointHighWatermarks();
        checkpointCleanerOffsets();
    }

    /**
     * One compaction pass over the compacted log that needs it most, in the calling thread (the cleaner threads do
     * this in the background); returns whether a log was compacted.
     */
    public boolean compactOnce() {
        return cleaner.cleanOnce();
    }

    public void checkpointCleanerOffsets() {
        writeCheckpoint(CLEANER_OFFSET_CHECKPOINT, Log::cleanerCheckpoint);
    }

    public void checkpointRecoveryPoints() {
        writeCheckpoint(RECOVERY_POINT_CHECKPOINT, Log::recoveryPoint);
    }

    public void checkpointLogStartOffsets() {
        writeCheckpoint(LOG_START_OFFSET_CHECKPOINT, Log::logStartOffset);
    }

    public void checkpointHighWatermarks() {
        writeCheckpoint(HIGH_WATERMARK_CHECKPOINT, Log::highWatermark);
    }

    private void writeCheckpoint(String file, Function<Log, Long> value) {
        try {
            writeCheckpointOrThrow(file, value);
        } catch (IOException e) {
            log.error("Could not write {} in {}", file, logDir, e);
        }
    }

    private void writeCheckpointOrThrow(String file, Function<Log, Long> value) throws IOException {
        synchronized (checkpointLock) {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            for (Log l : logs.values()) {
                if (!l.isOffline()) {
                    offsets.put(l.topicPartition(), value.apply(l));
                }
            }
            new OffsetCheckpoint(disk, logDir.resolve(file)).write(offsets);
        }
    }

    /** A log was truncated: its lowered recovery point (and log start) must be durable before it takes appends. */
    private void checkpointAfterTruncation() throws IOException {
        writeCheckpointOrThrow(RECOVERY_POINT_CHECKPOINT, Log::recoveryPoint);
        writeCheckpointOrThrow(LOG_START_OFFSET_CHECKPOINT, Log::logStartOffset);
    }

    private Map<TopicPartition, Long> readCheckpoint(String file) {
        try {
            return new OffsetCheckpoint(disk, logDir.resolve(file)).read();
        } catch (IOException e) {
            log.warn("Ignoring unreadable {} in {}: {}", file, logDir, e.getMessage());
            return Map.of();
        }
    }

    // ------------------------------------------------------------------------------------------------ shutdown

    /**
     * Stops the background work, closes every log (flushing it and snapshotting producer state), writes the
     * checkpoints and, when every log closed cleanly, the clean shutdown marker.
     */
    @Override
    public void close() {
        if (shutDown) {
            return;
        }
        shutDown = true;
        // Never interrupt: a thread interrupted inside FileChannel I/O closes the channel, which its log shares.
        cleaner.shutdown();
        scheduler.shutdown();
        awaitTermination(scheduler);
        boolean allClean = true;
        ExecutorService closers = Executors.newFixedThreadPool(config.recoveryThreads(), threads("runnel-log-close"));
        try {
            List<Future<Boolean>> closing = new ArrayList<>();
            for (Log l : logs.values()) {
                closing.add(closers.submit(() -> {
                    try {
                        l.close();
                        return !l.isOffline();
                    } catch (IOException | RuntimeException e) {
                        log.error("Could not close the log of {}", l.topicPartition(), e);
                        return false;
                    }
                }));
            }
            for (Future<Boolean> f : closing) {
                allClean &= f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            allClean = false;
        } catch (ExecutionException e) {
            allClean = false;
        } finally {
            closers.shutdownNow();
        }
        io.shutdown();
        awaitTermination(io);
        checkpointLogs();
        if (allClean && started) {
            try {
                Path marker = logDir.resolve(CLEAN_SHUTDOWN_FILE);
                disk.open(marker).close();
                disk.syncDirectory(logDir);
            } catch (IOException e) {
                log.error("Could not write the clean shutdown marker in {}", logDir, e);
            }
        }
        log.info("Shut down the log manager of {} ({})", logDir, allClean ? "clean" : "some logs were offline");
    }

    private void closeAllQuietly() {
        for (Log l : logs.values()) {
            l.closeWithoutFlush();
        }
        logs.clear();
    }

    private static void awaitTermination(ExecutorService executor) {
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("Executor did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
