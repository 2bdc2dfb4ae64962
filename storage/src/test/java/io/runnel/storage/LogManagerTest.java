package io.runnel.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.common.time.MockTime;
import io.runnel.protocol.record.RecordBatch;
import io.runnel.storage.checkpoint.OffsetCheckpoint;
import io.runnel.storage.io.Disk;
import io.runnel.storage.io.SimulatedDisk;
import io.runnel.storage.segment.LogSegment;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class LogManagerTest {

    private static final TopicPartition A = new TopicPartition("alpha", 0);
    private static final TopicPartition B = new TopicPartition("beta-with-dash", 2);

    @TempDir
    Path logDir;

    private final MockTime time = new MockTime();
    private final List<TopicPartition> offline = new CopyOnWriteArrayList<>();
    private LogManager manager;

    @AfterEach
    void close() {
        if (manager != null) {
            manager.close();
        }
    }

    private LogManager start(Disk disk, Map<String, Object> topicConfig) throws IOException {
        manager = new LogManager(
                logDir, LogManagerConfig.defaults(), tp -> LogConfig.of(topicConfig), time, disk, offline::add);
        manager.startup();
        return manager;
    }

    private LogManager start() throws IOException {
        return start(Disk.LOCAL, Map.of());
    }

    private static void append(Log log, String... values) {
        log.appendAsLeader(TestBatches.values(1_767_225_600_000L, values), 0, AppendOrigin.CLIENT);
        log.updateHighWatermark(log.logEndOffset());
    }

    private static void awaitCondition(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    private List<String> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void logsSurviveACleanRestartAndTheMarkerIsConsumed() throws IOException {
        start();
        append(manager.getOrCreateLog(A, LogConfig.defaults()), "a", "b");
        append(manager.getOrCreateLog(B, LogConfig.defaults()), "c");
        assertThat(entries(logDir)).contains("alpha-0", "beta-with-dash-2");
        manager.close();
        assertThat(entries(logDir))
                .contains(
                        LogManager.CLEAN_SHUTDOWN_FILE,
                        LogManager.RECOVERY_POINT_CHECKPOINT,
                        LogManager.LOG_START_OFFSET_CHECKPOINT,
                        LogManager.HIGH_WATERMARK_CHECKPOINT);
        assertThat(new OffsetCheckpoint(Disk.LOCAL, logDir.resolve(LogManager.RECOVERY_POINT_CHECKPOINT)).read())
                .isEqualTo(Map.of(A, 2L, B, 1L));

        start();
        assertThat(entries(logDir)).doesNotContain(LogManager.CLEAN_SHUTDOWN_FILE);
        assertThat(manager.allLogs()).containsOnlyKeys(A, B);
        Log a = manager.getLog(A).orElseThrow();
        assertThat(a.logEndOffset()).isEqualTo(2);
        assertThat(a.highWatermark()).isEqualTo(2);
        assertThat(LogContents.all(a)).extracting(RecordBatch::baseOffset).containsExactly(0L);
    }

    @Test
    void anUncleanStopIsRecoveredAtStartup() throws IOException {
        start();
        Log a = manager.getOrCreateLog(A, LogConfig.defaults());
        append(a, "a");
        append(a, "b");
        manager.close();
        Files.delete(logDir.resolve(LogManager.CLEAN_SHUTDOWN_FILE));
        try (OutputStream out = Files.newOutputStream(
                logDir.resolve("alpha-0").resolve(LogSegment.fileName(0, ".log")), StandardOpenOption.APPEND)) {
            out.write(new byte[] {0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 90, 1, 2, 3});
        }
        start();
        Log recovered = manager.getLog(A).orElseThrow();
        assertThat(recovered.logEndOffset()).isEqualTo(2);
        append(recovered, "c");
        assertThat(LogContents.all(recovered))
                .extracting(RecordBatch::baseOffset)
                .containsExactly(0L, 1L, 2L);
    }

    @Test
    void topicConfigsApplyAtStartupAndCanChangeLive() throws IOException {
        start(Disk.LOCAL, Map.of(LogConfig.MAX_MESSAGE_BYTES, 100));
        Log a = manager.getOrCreateLog(A, LogConfig.defaults());
        append(a, "x".repeat(200));
        manager.close();
        start(Disk.LOCAL, Map.of(LogConfig.MAX_MESSAGE_BYTES, 100));
        Log reopened = manager.getLog(A).orElseThrow();
        assertThatThrownBy(() -> append(reopened, "x".repeat(200)))
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.error()).isEqualTo(StorageError.RECORD_TOO_LARGE));
        reopened.updateConfig(reopened.config().with(LogConfig.MAX_MESSAGE_BYTES, 10_000));
        append(reopened, "x".repeat(200));
        assertThat(reopened.logEndOffset()).isEqualTo(2);
    }

    @Test
    void aDeletedLogIsGoneAtOnceAndItsDirectoryIsRemovedInTheBackground() throws IOException {
        start();
        Log a = manager.getOrCreateLog(A, LogConfig.defaults().with(LogConfig.FILE_DELETE_DELAY_MS, 0L));
        append(a, "a");
        assertThat(manager.deleteLog(A)).isTrue();
        assertThat(manager.getLog(A)).isEmpty();
        assertThat(entries(logDir)).doesNotContain("alpha-0");
        assertThatThrownBy(() -> append(a, "b"))
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.error()).isEqualTo(StorageError.LOG_CLOSED));
        awaitCondition(
                () -> {
                    try {
                        return entries(logDir).stream().noneMatch(n -> n.startsWith("alpha-0"));
                    } catch (IOException e) {
                        return false;
                    }
                },
                "the deleted directory is removed");
        Log fresh = manager.getOrCreateLog(A, LogConfig.defaults());
        assertThat(fresh.logEndOffset()).isZero();
        assertThat(manager.deleteLog(new TopicPartition("nope", 0))).isFalse();
    }

    @Test
    void retentionRunsOverEveryLog() throws IOException {
        start();
        LogConfig config =
                LogConfig.defaults().with(Map.of(LogConfig.RETENTION_MS, 1000L, LogConfig.SEGMENT_BYTES, 100));
        Log a = manager.getOrCreateLog(A, config);
        Log b = manager.getOrCreateLog(B, config);
        for (int i = 0; i < 3; i++) {
            append(a, "value-" + i);
            append(b, "value-" + i);
        }
        time.advance(Long.MAX_VALUE / 4);
        assertThat(manager.cleanupLogs()).isEqualTo(6);
        assertThat(a.logStartOffset()).isEqualTo(3);
        assertThat(b.logStartOffset()).isEqualTo(3);
    }

    @Test
    void aTruncationRewritesTheRecoveryPointCheckpointBeforeReturning() throws IOException {
        start();
        Log a = manager.getOrCreateLog(A, LogConfig.defaults());
        for (int i = 0; i < 5; i++) {
            append(a, "v" + i);
        }
        a.flush();
        manager.checkpointLogs();
        assertThat(new OffsetCheckpoint(Disk.LOCAL, logDir.resolve(LogManager.RECOVERY_POINT_CHECKPOINT)).read())
                .containsEntry(A, 5L);
        a.truncateTo(2);
        assertThat(new OffsetCheckpoint(Disk.LOCAL, logDir.resolve(LogManager.RECOVERY_POINT_CHECKPOINT)).read())
                .containsEntry(A, 2L);
    }

    @Test
    void aDiskErrorTakesOnlyThatLogOfflineAndTellsTheListener() throws IOException {
        SimulatedDisk disk = new SimulatedDisk();
        disk.createDirectories(logDir);
        start(disk, Map.of());
        Log a = manager.getOrCreateLog(A, LogConfig.defaults());
        Log b = manager.getOrCreateLog(B, LogConfig.defaults());
        append(a, "a");
        disk.failForcesFrom(disk.forces() + 1);
        assertThatThrownBy(a::flush).isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.error())
                .isEqualTo(StorageError.LOG_OFFLINE));
        assertThat(offline).containsExactly(A);
        disk.failForcesFrom(Long.MAX_VALUE);
        append(b, "still fine");
        assertThat(b.logEndOffset()).isEqualTo(1);
        manager.close();
        assertThat(disk.exists(logDir.resolve(LogManager.CLEAN_SHUTDOWN_FILE)))
                .as("no clean shutdown marker while a log is offline")
                .isFalse();
        manager = null;
    }

    @Test
    void strayEntriesInTheLogDirectoryAreIgnored() throws IOException {
        Files.createDirectories(logDir.resolve("not a partition"));
        Files.write(logDir.resolve("meta.properties"), new byte[] {1});
        start();
        assertThat(manager.allLogs()).isEmpty();
    }
}
