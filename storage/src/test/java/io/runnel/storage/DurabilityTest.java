package io.runnel.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.common.time.MockTime;
import io.runnel.protocol.record.RecordBatch;
import io.runnel.storage.io.SimulatedDisk;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Group commit, and what disk errors do to a log. */
@Timeout(60)
class DurabilityTest {

    private static final TopicPartition TP = new TopicPartition("acks-all", 0);
    private static final Path LOG_DIR = Path.of("/disk/logs");

    private final MockTime time = new MockTime();
    private final SimulatedDisk disk = new SimulatedDisk();
    private final ExecutorService io = Executors.newSingleThreadExecutor();
    private final AtomicInteger offlineCalls = new AtomicInteger();
    private Log log;

    @BeforeEach
    void open() throws IOException {
        disk.createDirectories(LOG_DIR);
        for (Path p = LOG_DIR; p != null; p = p.getParent()) {
            disk.syncDirectory(p);
        }
        log = Log.open(
                LOG_DIR.resolve(TP.directoryName()),
                TP,
                LogConfig.defaults(),
                new LogEnvironment(disk, time, io, new ManualScheduler(time), l -> offlineCalls.incrementAndGet()),
                0,
                0,
                0,
                false);
    }

    @AfterEach
    void close() throws Exception {
        disk.setForceHook(() -> {});
        log.close();
        io.shutdownNow();
        assertThat(io.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private long append(String value) {
        return log.appendAsLeader(TestBatches.values(time.milliseconds(), value), 0, AppendOrigin.CLIENT)
                .lastOffset();
    }

    @Test
    void appendsThatArriveDuringAnFsyncShareTheNextOne() throws Exception {
        log.flushAsync(append("warm-up") + 1).get(10, TimeUnit.SECONDS);
        Semaphore release = new Semaphore(0);
        CountDownLatch inFsync = new CountDownLatch(1);
        disk.setForceHook(() -> {
            inFsync.countDown();
            release.acquireUninterruptibly();
        });
        long forcesBefore = disk.forces();

        CompletableFuture<Void> first = log.flushAsync(append("a") + 1);
        assertThat(inFsync.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            waiting.add(log.flushAsync(append("b" + i) + 1));
        }
        assertThat(first).isNotDone();
        assertThat(waiting).noneMatch(CompletableFuture::isDone);

        release.release(100);
        first.get(10, TimeUnit.SECONDS);
        for (CompletableFuture<Void> f : waiting) {
            f.get(10, TimeUnit.SECONDS);
        }
        // One fsync for the first append, one for the sixteen that queued behind it (data only: group commit does
        // not force indexes).
        assertThat(disk.forces() - forcesBefore).isEqualTo(2);
        assertThat(log.durableOffset()).isEqualTo(18);
    }

    @Test
    void concurrentAppendersAreAllCompletedWhenTheirDataIsOnDisk() throws Exception {
        ExecutorService appenders = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Long>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(CompletableFuture.supplyAsync(
                        () -> {
                            long last = -1;
                            for (int i = 0; i < 50; i++) {
                                long offset = append("v" + i);
                                log.flushAsync(offset + 1).join();
                                assertThat(log.durableOffset()).isGreaterThan(offset);
                                last = offset;
                            }
                            return last;
                        },
                        appenders));
            }
            for (CompletableFuture<Long> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
            assertThat(log.logEndOffset()).isEqualTo(200);
            assertThat(disk.forces()).isLessThanOrEqualTo(200);
        } finally {
            appenders.shutdownNow();
        }
    }

    @Test
    void aFailedFsyncTakesTheLogOfflineAndFailsTheWaiters() throws Exception {
        append("a");
        disk.failForcesFrom(disk.forces() + 1);
        CompletableFuture<Void> durable = log.flushAsync(log.logEndOffset());
        assertThatThrownBy(() -> durable.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.error()).isEqualTo(StorageError.LOG_OFFLINE));
        assertThat(log.isOffline()).isTrue();
        assertThat(offlineCalls.get()).isEqualTo(1);
        assertThatThrownBy(() -> append("b")).isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.error())
                .isEqualTo(StorageError.LOG_OFFLINE));
        assertThatThrownBy(() -> log.read(0, 100, FetchIsolation.LOG_END, true))
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.error()).isEqualTo(StorageError.LOG_OFFLINE));
        assertThat(log.flushAsync(5)).isCompletedExceptionally();
        assertThat(offlineCalls.get()).isEqualTo(1);
    }

    @Test
    void aFullDiskFailsTheAppendWithoutLeavingAnyOfItVisibleAndTheLogAppendsAgainWhenSpaceReturns() throws Exception {
        for (int i = 0; i < 5; i++) {
            append("before-" + i);
        }
        log.flush();
        disk.setCapacity(disk.usedBytes() + 30);
        assertThatThrownBy(() -> append("x".repeat(200))).isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.error()).isEqualTo(StorageError.NO_SPACE);
            assertThat(e.getMessage()).contains("No space left on the disk");
        });
        assertThat(log.logEndOffset()).isEqualTo(5);
        assertThat(log.isOffline()).isFalse();
        assertThat(offlineCalls.get()).isZero();
        assertThat(LogContents.all(log)).extracting(RecordBatch::baseOffset).containsExactly(0L, 1L, 2L, 3L, 4L);

        disk.setCapacity(Long.MAX_VALUE);
        assertThat(append("after")).isEqualTo(5);
        log.flushAsync(6).get(10, TimeUnit.SECONDS);
        long recoveryPoint = log.recoveryPoint();

        // Power off and on: the six batches are there and nothing of the failed one.
        SimulatedDisk after = disk.crash(new Random(7));
        Log reopened = Log.open(
                LOG_DIR.resolve(TP.directoryName()),
                TP,
                LogConfig.defaults(),
                LogEnvironment.inline(after, time),
                recoveryPoint,
                0,
                0,
                false);
        assertThat(LogContents.all(reopened))
                .extracting(RecordBatch::baseOffset)
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        reopened.close();
    }

    @Test
    void aFlushForAnOffsetAlreadyDurableCompletesAtOnce() {
        append("a");
        log.flush();
        assertThat(log.flushAsync(1)).isCompleted();
        assertThat(log.flushAsync(0)).isCompleted();
    }
}
