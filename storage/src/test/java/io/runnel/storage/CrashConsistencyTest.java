package io.runnel.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.runnel.common.time.MockTime;
import io.runnel.protocol.record.RecordBatch;
import io.runnel.storage.io.SimulatedDisk;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.compress.Compression;
import org.junit.jupiter.api.Test;

/**
 * Power loss at random moments, over {@link SimulatedDisk}: writes not forced are lost, reordered or torn, directory
 * changes not synced are rolled back, disks fill up and fsyncs fail. After every crash the log is reopened and must
 * hold every batch that was acknowledged as durable, serve nothing corrupt, keep offsets dense and monotonic, keep
 * producer state consistent with what survived, and accept appends again.
 *
 * <p>Each scenario is seeded; a failure names the seed, and {@code -Dcrash.seed=<seed> -Dcrash.scenarios=1}
 * replays exactly that scenario.
 */
class CrashConsistencyTest {

    private static final TopicPartition TP = new TopicPartition("crash", 0);
    private static final Path LOG_DIR = Path.of("/data/logs");
    private static final Path DIR = LOG_DIR.resolve(TP.directoryName());
    private static final long PRODUCER_ID = 77L;

    @Test
    void acknowledgedBatchesSurviveRandomPowerLosses() {
        long firstSeed = Long.getLong("crash.seed", 20_261_122L);
        int scenarios = Integer.getInteger("crash.scenarios", 300);
        for (int i = 0; i < scenarios; i++) {
            long seed = firstSeed + i;
            try {
                new Scenario(seed).run();
            } catch (Throwable t) {
                throw new AssertionError(
                        "Crash scenario failed with seed " + seed + "; replay it with -Dcrash.seed=" + seed
                                + " -Dcrash.scenarios=1",
                        t);
            }
        }
    }

    /** One seeded sequence of appends, flushes, rolls, truncations, retention, faults and crashes. */
    private static final class Scenario {

        private final Random random;
        private final MockTime time = new MockTime();
        private final ManualScheduler scheduler = new ManualScheduler(time);
        private final LogConfig config;
        private SimulatedDisk disk = new SimulatedDisk();
        /** What was appended and not truncated or deleted: offset → the batch's bytes as stored. */
        private final NavigableMap<Long, byte[]> model = new TreeMap<>();
        /** Every offset below this was acknowledged as durable. */
        private long acked;

        private long recoveryPointCheckpoint;
        private long logStartCheckpoint;
        private int nextSequence;
        private short producerEpoch;
        private Log log;

        Scenario(long seed) {
            this.random = new Random(seed);
            int segmentBytes = 1000 + random.nextInt(3000);
            this.config = LogConfig.of(Map.of(
                    LogConfig.SEGMENT_BYTES,
                    segmentBytes,
                    LogConfig.INDEX_INTERVAL_BYTES,
                    random.nextInt(400),
                    LogConfig.SEGMENT_INDEX_BYTES,
                    random.nextBoolean() ? 10 * 1024 * 1024 : 24 + random.nextInt(200),
                    LogConfig.MAX_MESSAGE_BYTES,
                    segmentBytes,
                    LogConfig.FILE_DELETE_DELAY_MS,
                    (long) random.nextInt(3) * 1000,
                    LogConfig.RETENTION_MS,
                    -1L));
        }

        private LogEnvironment env() {
            return new LogEnvironment(disk, time, Runnable::run, scheduler, l -> {}, l -> {
                // What the LogManager does after a truncation: checkpoint the lowered offsets durably.
                recoveryPointCheckpoint = l.recoveryPoint();
                logStartCheckpoint = l.logStartOffset();
            });
        }

        void run() throws IOException {
            disk.createDirectories(LOG_DIR);
            disk.syncDirectory(Path.of("/"));
            disk.syncDirectory(Path.of("/data"));
            disk.syncDirectory(LOG_DIR);
            log = Log.open(DIR, TP, config, env(), 0, 0, 0, false);
            int crashes = 1 + random.nextInt(4);
            for (int round = 0; round < crashes; round++) {
                int ops = random.nextInt(80);
                for (int op = 0; op < ops && !log.isOffline(); op++) {
                    step();
                }
                boolean clean = !log.isOffline() && random.nextInt(4) == 0;
                if (clean) {
                    log.close();
                    // As the LogManager does: the clean shutdown marker only when the log closed without error.
                    clean = !log.isOffline();
                    if (clean) {
                        recoveryPointCheckpoint = log.recoveryPoint();
                        logStartCheckpoint = log.logStartOffset();
                    }
                }
                disk = disk.crash(random);
                trace("crash (clean=" + clean + ")");
                log = Log.open(DIR, TP, config, env(), recoveryPointCheckpoint, logStartCheckpoint, 0, clean);
                trace("reopened");
                verifyAfterCrash();
                long end = log.logEndOffset();
                appendOne();
                assertThat(log.isOffline()).isFalse();
                assertThat(log.logEndOffset())
                        .as("the reopened log accepts appends")
                        .isGreaterThan(end);
            }
        }

        private List<String> files() {
            try {
                return disk.list(DIR).stream()
                        .map(p -> p.getFileName().toString())
                        .sorted()
                        .toList();
            } catch (IOException e) {
                return List.of(e.toString());
            }
        }

        private void trace(String what) {
            if (Boolean.getBoolean("crash.trace")) {
                System.out.println(what + " -> end=" + (log.isOffline() ? "offline" : log.logEndOffset()) + " acked="
                        + acked + " rpCheckpoint=" + recoveryPointCheckpoint + " segments="
                        + (log.isOffline() ? "?" : log.segments()) + " producers="
                        + (log.isOffline() ? "?" : log.activeProducers().values()) + " files=" + files());
            }
        }

        private void step() {
            int choice = random.nextInt(100);
            trace("op " + choice);
            try {
                if (choice < 60) {
                    appendOne();
                } else if (choice < 70) {
                    CompletableFuture<Void> durable = log.flushAsync(log.logEndOffset());
                    long end = log.logEndOffset();
                    if (!durable.isCompletedExceptionally()) {
                        assertThat(durable).isCompleted();
                        acked = Math.max(acked, end);
                    }
                } else if (choice < 74) {
                    log.flush();
                    acked = Math.max(acked, log.logEndOffset());
                } else if (choice < 78) {
                    log.roll();
                } else if (choice < 82) {
                    recoveryPointCheckpoint = log.recoveryPoint();
                    logStartCheckpoint = log.logStartOffset();
                } else if (choice < 84) {
                    truncate();
                } else if (choice < 87) {
                    retain();
                } else if (choice < 89) {
                    disk.setCapacity(disk.usedBytes() + random.nextInt(2000));
                } else if (choice < 90) {
                    disk.failForcesFrom(disk.forces() + 1 + random.nextInt(3));
                } else if (choice < 94) {
                    time.advance(random.nextInt(2000));
                    scheduler.runDue();
                } else {
                    verifyReads();
                }
            } catch (StorageException e) {
                assertThat(e.error()).isEqualTo(StorageError.LOG_OFFLINE);
                assertThat(log.isOffline()).isTrue();
            }
        }

        private void appendOne() {
            TestBatches.Builder builder = TestBatches.builder().timestamp(time.milliseconds());
            int records = 1 + random.nextInt(5);
            int valueSize = random.nextInt(150);
            builder.records(records, valueSize);
            if (random.nextInt(4) == 0) {
                builder.compression(Compression.gzip().build());
            }
            boolean idempotent = random.nextBoolean();
            if (idempotent) {
                builder.producer(PRODUCER_ID, producerEpoch, nextSequence);
            }
            ByteBuf batch = builder.build();
            try {
                LogAppendInfo info = log.appendAsLeader(batch, 1, AppendOrigin.CLIENT);
                assertThat(info.duplicate()).isFalse();
                model.put(info.firstOffset(), ByteBufUtil.getBytes(batch));
                log.updateHighWatermark(log.logEndOffset());
                if (idempotent) {
                    nextSequence += records;
                }
            } catch (StorageException e) {
                // A full disk fails only this append (nothing of it is left, the log stays online); anything else
                // takes the log offline.
                if (e.error() == StorageError.NO_SPACE) {
                    assertThat(log.isOffline()).isFalse();
                } else if (e.error() != StorageError.LOG_OFFLINE) {
                    throw e;
                }
            }
        }

        private void truncate() {
            long end = log.logEndOffset();
            long start = log.logStartOffset();
            if (end <= start) {
                return;
            }
            long target = start + (long) (random.nextDouble() * (end - start));
            // Whether or not the truncation completes, what it was asked to remove is no longer acknowledged.
            Long containing = model.floorKey(target);
            acked = Math.min(acked, containing == null ? target : containing);
            log.truncateTo(target);
            long newEnd = log.logEndOffset();
            model.tailMap(newEnd, true).clear();
            acked = Math.min(acked, newEnd);
            continueProducerAfterLoss();
        }

        private void retain() {
            log.updateConfig(config.with(LogConfig.RETENTION_BYTES, (long) random.nextInt(3000)));
            log.deleteOldSegments();
            log.updateConfig(config);
            model.headMap(log.logStartOffset(), false).clear();
        }

        /**
         * What an idempotent producer does when its latest batches were lost: it continues after the last batch the
         * log still has, or, when none is left, bumps its epoch and starts again at sequence 0 (it never reuses a
         * sequence range within an epoch).
         */
        private void continueProducerAfterLoss() {
            for (Map.Entry<Long, byte[]> e : model.descendingMap().entrySet()) {
                RecordBatch b = new RecordBatch(io.netty.buffer.Unpooled.wrappedBuffer(e.getValue()));
                if (b.producerId() == PRODUCER_ID) {
                    producerEpoch = b.producerEpoch();
                    nextSequence = b.lastSequence() + 1;
                    return;
                }
            }
            producerEpoch++;
            nextSequence = 0;
        }

        private void verifyReads() {
            List<RecordBatch> batches = LogContents.all(log, 1 + random.nextInt(4000));
            checkAgainstModel(batches);
        }

        private void verifyAfterCrash() {
            assertThat(log.logEndOffset()).as("log end offset after a crash").isGreaterThanOrEqualTo(acked);
            List<RecordBatch> batches = LogContents.all(log, 1 + random.nextInt(4000));
            checkAgainstModel(batches);
            long end = log.logEndOffset();
            model.tailMap(end, true).clear();
            model.headMap(log.logStartOffset(), false).clear();
            for (long offset : model.headMap(acked, false).keySet()) {
                assertThat(batches.stream().anyMatch(b -> b.baseOffset() == offset))
                        .as("acknowledged batch at %d is present", offset)
                        .isTrue();
            }
            // Recovery flushed what survived, so all of it is now durable.
            acked = end;
            recoveryPointCheckpoint = log.recoveryPoint();
            assertThat(recoveryPointCheckpoint).isEqualTo(end);
            continueProducerAfterLoss();
            checkProducerState();
        }

        private void checkAgainstModel(List<RecordBatch> batches) {
            long expectedNext = -1;
            for (RecordBatch b : batches) {
                assertThat(b.isValid())
                        .as("batch at %d is valid", b.baseOffset())
                        .isTrue();
                if (expectedNext >= 0) {
                    assertThat(b.baseOffset()).as("offsets are dense").isEqualTo(expectedNext);
                }
                expectedNext = b.nextOffset();
                byte[] expected = model.get(b.baseOffset());
                assertThat(expected)
                        .as("batch at %d was appended", b.baseOffset())
                        .isNotNull();
                assertThat(ByteBufUtil.getBytes(b.buffer()))
                        .as("batch at %d is intact", b.baseOffset())
                        .isEqualTo(expected);
            }
            if (!batches.isEmpty()) {
                assertThat(batches.get(batches.size() - 1).nextOffset()).isEqualTo(log.logEndOffset());
            }
        }

        /** A retry of the last surviving idempotent batch is a duplicate; its successor is accepted. */
        private void checkProducerState() {
            Map.Entry<Long, byte[]> last = null;
            for (Map.Entry<Long, byte[]> e : model.descendingMap().entrySet()) {
                if (new RecordBatch(io.netty.buffer.Unpooled.wrappedBuffer(e.getValue())).producerId() == PRODUCER_ID) {
                    last = e;
                    break;
                }
            }
            if (last == null) {
                return;
            }
            ByteBuf retry =
                    io.netty.buffer.Unpooled.wrappedBuffer(last.getValue().clone());
            new RecordBatch(retry).setBaseOffset(0);
            LogAppendInfo info = log.appendAsLeader(retry, 1, AppendOrigin.CLIENT);
            assertThat(info.duplicate())
                    .as("a retry of the last idempotent batch is a duplicate")
                    .isTrue();
            assertThat(info.firstOffset()).isEqualTo(last.getKey());
        }
    }
}
