package io.runnel.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.runnel.common.time.MockTime;
import io.runnel.storage.io.Disk;
import io.runnel.storage.producer.ProducerStateEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProducerStateTest {

    private static final TopicPartition TP = new TopicPartition("payments", 3);
    private static final long PID = 4242L;

    @TempDir
    Path root;

    private final MockTime time = new MockTime();
    private Log log;

    private Path dir() {
        return root.resolve(TP.directoryName());
    }

    private LogEnvironment env() {
        return new LogEnvironment(Disk.LOCAL, time, Runnable::run, new ManualScheduler(time), l -> {});
    }

    @BeforeEach
    void open() throws IOException {
        log = Log.open(dir(), TP, LogConfig.defaults(), env(), 0, 0, 0, false);
    }

    @AfterEach
    void close() throws IOException {
        if (log != null) {
            log.close();
        }
    }

    private ByteBuf batch(short epoch, int sequence, int records) {
        TestBatches.Builder b =
                TestBatches.builder().timestamp(time.milliseconds()).producer(PID, epoch, sequence);
        for (int i = 0; i < records; i++) {
            b.record("k" + i, "v" + sequence + "-" + i);
        }
        return b.build();
    }

    private LogAppendInfo append(ByteBuf batch) {
        return log.appendAsLeader(batch, 0, AppendOrigin.CLIENT);
    }

    private void assertRejected(ByteBuf batch, StorageError error) {
        long end = log.logEndOffset();
        assertThatThrownBy(() -> append(batch))
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.error()).isEqualTo(error));
        assertThat(log.logEndOffset()).isEqualTo(end);
    }

    @Test
    void aRetriedBatchIsAnsweredWithItsOriginalOffsetsAndNotWrittenAgain() {
        append(TestBatches.values(time.milliseconds(), "unrelated"));
        LogAppendInfo first = append(batch((short) 0, 0, 3));
        LogAppendInfo second = append(batch((short) 0, 3, 2));
        long end = log.logEndOffset();

        LogAppendInfo retry = append(batch((short) 0, 0, 3));
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.firstOffset()).isEqualTo(first.firstOffset());
        assertThat(retry.lastOffset()).isEqualTo(first.lastOffset());
        assertThat(append(batch((short) 0, 3, 2)).firstOffset()).isEqualTo(second.firstOffset());
        assertThat(log.logEndOffset()).isEqualTo(end);
    }

    @Test
    void onlyTheLastFiveBatchesAreRecognisedAsDuplicates() {
        for (int seq = 0; seq < 6; seq++) {
            append(batch((short) 0, seq, 1));
        }
        assertThat(append(batch((short) 0, 1, 1)).duplicate()).isTrue();
        assertRejected(batch((short) 0, 0, 1), StorageError.OUT_OF_ORDER_SEQUENCE);
    }

    @Test
    void aGapInSequencesIsOutOfOrder() {
        append(batch((short) 0, 0, 2));
        assertRejected(batch((short) 0, 3, 1), StorageError.OUT_OF_ORDER_SEQUENCE);
        assertThat(append(batch((short) 0, 2, 1)).duplicate()).isFalse();
    }

    @Test
    void anOlderEpochIsFenced() {
        append(batch((short) 2, 0, 1));
        assertRejected(batch((short) 1, 1, 1), StorageError.INVALID_PRODUCER_EPOCH);
    }

    @Test
    void aNewEpochMustStartAtSequenceZero() {
        append(batch((short) 0, 0, 5));
        assertRejected(batch((short) 1, 5, 1), StorageError.OUT_OF_ORDER_SEQUENCE);
        append(batch((short) 1, 0, 1));
        assertThat(log.activeProducers().get(PID).producerEpoch()).isEqualTo((short) 1);
    }

    @Test
    void anUnknownProducerMayStartAtAnySequence() {
        assertThat(append(batch((short) 0, 17, 2)).firstOffset()).isEqualTo(0);
        assertThat(log.activeProducers().get(PID).lastSequence()).isEqualTo(18);
    }

    @Test
    void sequencesWrapAfterIntegerMax() {
        append(batch((short) 0, Integer.MAX_VALUE, 1));
        assertThat(append(batch((short) 0, 0, 1)).duplicate()).isFalse();
    }

    @Test
    void aRejectedAppendLeavesProducerStateUnchanged() {
        append(batch((short) 0, 0, 1));
        ByteBuf good = batch((short) 0, 1, 1);
        ByteBuf gap = batch((short) 0, 9, 1);
        assertThatThrownBy(() -> append(TestBatches.concat(good, gap))).isInstanceOf(StorageException.class);
        assertThat(log.activeProducers().get(PID).lastSequence()).isEqualTo(0);
        append(batch((short) 0, 1, 1));
    }

    @Test
    void stateSurvivesACleanRestartThroughTheSnapshot() throws IOException {
        append(batch((short) 0, 0, 2));
        LogAppendInfo original = append(batch((short) 0, 2, 2));
        log.close();
        try (Stream<Path> files = Files.list(dir())) {
            assertThat(files.map(p -> p.getFileName().toString())).contains("00000000000000000004.snapshot");
        }
        log = Log.open(dir(), TP, LogConfig.defaults(), env(), 4, 0, 4, true);
        LogAppendInfo retry = append(batch((short) 0, 2, 2));
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.firstOffset()).isEqualTo(original.firstOffset());
        assertRejected(batch((short) 0, 7, 1), StorageError.OUT_OF_ORDER_SEQUENCE);
    }

    @Test
    void stateIsRebuiltFromTheLogWhenSnapshotsAreMissing() throws IOException {
        append(batch((short) 0, 0, 2));
        LogAppendInfo original = append(batch((short) 0, 2, 2));
        log.close();
        try (Stream<Path> files = Files.list(dir())) {
            for (Path p : files.filter(p -> p.toString().endsWith(".snapshot")).toList()) {
                Files.delete(p);
            }
        }
        log = Log.open(dir(), TP, LogConfig.defaults(), env(), 0, 0, 0, false);
        assertThat(append(batch((short) 0, 2, 2)).firstOffset()).isEqualTo(original.firstOffset());
        assertRejected(batch((short) 0, 7, 1), StorageError.OUT_OF_ORDER_SEQUENCE);
    }

    @Test
    void aCorruptSnapshotIsIgnoredAndTheStateRebuilt() throws IOException {
        append(batch((short) 3, 0, 2));
        log.close();
        Path snapshot = dir().resolve("00000000000000000002.snapshot");
        byte[] bytes = Files.readAllBytes(snapshot);
        bytes[bytes.length - 1] ^= 0x5a;
        Files.write(snapshot, bytes);
        log = Log.open(dir(), TP, LogConfig.defaults(), env(), 2, 0, 2, true);
        assertThat(log.activeProducers().get(PID).producerEpoch()).isEqualTo((short) 3);
        assertRejected(batch((short) 2, 2, 1), StorageError.INVALID_PRODUCER_EPOCH);
    }

    @Test
    void truncationRewindsProducerState() {
        append(batch((short) 0, 0, 1));
        append(batch((short) 0, 1, 1));
        append(batch((short) 0, 2, 1));
        log.truncateTo(1);
        ProducerStateEntry entry = log.activeProducers().get(PID);
        assertThat(entry.lastSequence()).isEqualTo(0);
        assertThat(append(batch((short) 0, 1, 1)).firstOffset()).isEqualTo(1);
    }

    @Test
    void idleProducersExpire() {
        append(batch((short) 0, 0, 1));
        time.advance(1000);
        assertThat(log.removeExpiredProducers(time.milliseconds(), 2000)).isZero();
        time.advance(1000);
        assertThat(log.removeExpiredProducers(time.milliseconds(), 2000)).isEqualTo(1);
        assertThat(log.activeProducers()).isEmpty();
        assertThat(append(batch((short) 0, 9, 1)).duplicate()).isFalse();
    }

    @Test
    void anOpenTransactionHoldsBackTheLastStableOffset() {
        append(TestBatches.values(time.milliseconds(), "plain"));
        ByteBuf txn = TestBatches.builder()
                .timestamp(time.milliseconds())
                .producer(PID, (short) 0, 0)
                .transactional()
                .record("k", "v")
                .build();
        append(txn);
        append(TestBatches.values(time.milliseconds(), "after"));
        log.updateHighWatermark(log.logEndOffset());
        assertThat(log.highWatermark()).isEqualTo(3);
        assertThat(log.lastStableOffset()).isEqualTo(1);
        assertThat(LogContents.batches(
                        log.read(0, 1 << 20, FetchIsolation.TXN_COMMITTED, true).records()))
                .hasSize(1);
        assertThatThrownBy(() -> append(batch((short) 0, 1, 1)))
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.error()).isEqualTo(StorageError.INVALID_TXN_STATE));
    }

    @Test
    void clientsMayNotWriteControlBatches() {
        assertRejected(
                TestBatches.endTransactionMarker(time.milliseconds(), PID, (short) 0, true),
                StorageError.INVALID_RECORD);
    }

    @Test
    void aMarkerFromTheCoordinatorClosesTheTransaction() {
        ByteBuf txn = TestBatches.builder()
                .timestamp(time.milliseconds())
                .producer(PID, (short) 1, 0)
                .transactional()
                .record("k", "v")
                .build();
        append(txn);
        assertThatThrownBy(() -> log.appendAsLeader(
                        TestBatches.endTransactionMarker(time.milliseconds(), PID, (short) 0, true),
                        0,
                        AppendOrigin.COORDINATOR))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.error())
                        .isEqualTo(StorageError.INVALID_PRODUCER_EPOCH));
        log.appendAsLeader(
                TestBatches.endTransactionMarker(time.milliseconds(), PID, (short) 1, true, 5),
                0,
                AppendOrigin.COORDINATOR);
        log.updateHighWatermark(log.logEndOffset());
        assertThat(log.lastStableOffset()).isEqualTo(2);
        assertThat(log.activeProducers().get(PID).currentTxnFirstOffset()).isEqualTo(-1);
        assertThat(log.activeProducers().get(PID).coordinatorEpoch()).isEqualTo(5);
        assertThatThrownBy(() -> log.appendAsLeader(
                        TestBatches.endTransactionMarker(time.milliseconds(), PID, (short) 1, true, 4),
                        0,
                        AppendOrigin.COORDINATOR))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.error())
                        .isEqualTo(StorageError.TRANSACTION_COORDINATOR_FENCED));
    }
}
