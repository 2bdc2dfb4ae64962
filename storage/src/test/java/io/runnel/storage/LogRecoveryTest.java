package io.runnel.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.common.time.MockTime;
import io.runnel.protocol.record.RecordBatch;
import io.runnel.storage.io.Disk;
import io.runnel.storage.segment.LogSegment;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a log after an unclean stop, over a real file system, with damage made by hand. */
class LogRecoveryTest {

    private static final TopicPartition TP = new TopicPartition("events", 1);

    @TempDir
    Path root;

    private final MockTime time = new MockTime();
    private LogConfig config;
    private int batchSize;
    private Log log;

    private Path dir() {
        return root.resolve(TP.directoryName());
    }

    private Path file(long base, String suffix) {
        return dir().resolve(LogSegment.fileName(base, suffix));
    }

    private LogEnvironment env() {
        return new LogEnvironment(Disk.LOCAL, time, Runnable::run, new ManualScheduler(time), l -> {});
    }

    @BeforeEach
    void writeThreeSegments() throws IOException {
        batchSize = TestBatches.batch(0, 2, 100).readableBytes();
        config = LogConfig.of(
                java.util.Map.of(LogConfig.SEGMENT_BYTES, batchSize * 4, LogConfig.INDEX_INTERVAL_BYTES, batchSize));
        Log writer = Log.open(dir(), TP, config, env(), 0, 0, 0, false);
        for (int i = 0; i < 10; i++) {
            writer.appendAsLeader(TestBatches.batch(time.milliseconds(), 2, 100), 0, AppendOrigin.CLIENT);
        }
        writer.close();
        // Segments [0, 8), [8, 16), [16, 20); closed cleanly, so every file is complete.
    }

    @AfterEach
    void close() throws IOException {
        if (log != null) {
            log.close();
        }
    }

    private Log openUnclean(long recoveryPoint) throws IOException {
        log = Log.open(dir(), TP, config, env(), recoveryPoint, 0, 0, false);
        return log;
    }

    private static void appendBytes(Path file, byte[] bytes) throws IOException {
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
            out.write(bytes);
        }
    }

    @Test
    void aTornTailIsCutAndTheLogKeepsAccepting() throws IOException {
        byte[] partial = new byte[batchSize / 2];
        TestBatches.batch(1, 2, 100).getBytes(0, partial);
        appendBytes(file(16, ".log"), partial);
        openUnclean(16);
        assertThat(log.logEndOffset()).isEqualTo(20);
        assertThat(Files.size(file(16, ".log"))).isEqualTo(2L * batchSize);
        assertThat(LogContents.all(log)).hasSize(10).allMatch(RecordBatch::isValid);
        assertThat(log.appendAsLeader(TestBatches.batch(time.milliseconds(), 2, 100), 0, AppendOrigin.CLIENT)
                        .firstOffset())
                .isEqualTo(20);
    }

    @Test
    void aCorruptBatchEndsTheLogAndLaterSegmentsAreDeleted() throws IOException {
        Path middle = file(8, ".log");
        byte[] bytes = Files.readAllBytes(middle);
        bytes[batchSize + 70] ^= 0x40; // inside the second batch of segment 8
        Files.write(middle, bytes);
        openUnclean(0);
        assertThat(log.logEndOffset()).isEqualTo(10);
        assertThat(log.segments()).extracting(LogSegment::baseOffset).containsExactly(0L, 8L);
        assertThat(Files.exists(file(16, ".log"))).isFalse();
        assertThat(LogContents.all(log)).extracting(RecordBatch::baseOffset).containsExactly(0L, 2L, 4L, 6L, 8L);
        log.appendAsLeader(TestBatches.batch(time.milliseconds(), 2, 100), 0, AppendOrigin.CLIENT);
        assertThat(log.logEndOffset()).isEqualTo(12);
    }

    @Test
    void aSegmentEndingShortOfTheNextMeansTheLaterSegmentsGo() throws IOException {
        Path middle = file(8, ".log");
        byte[] bytes = Files.readAllBytes(middle);
        Files.write(middle, java.util.Arrays.copyOf(bytes, batchSize * 3));
        openUnclean(8);
        assertThat(log.logEndOffset()).isEqualTo(14);
        assertThat(log.segments()).extracting(LogSegment::baseOffset).containsExactly(0L, 8L);
    }

    @Test
    void aMissingIndexIsRebuilt() throws IOException {
        long entries;
        try (var channel = Files.newByteChannel(file(0, ".index"))) {
            entries = channel.size() / 8;
        }
        assertThat(entries).isGreaterThan(0);
        Files.delete(file(0, ".index"));
        Files.delete(file(0, ".timeindex"));
        log = Log.open(dir(), TP, config, env(), 20, 0, 20, true);
        assertThat(log.segments().get(0).offsetIndex().entries()).isEqualTo((int) entries);
        for (long offset = 0; offset < 8; offset++) {
            List<RecordBatch> read = LogContents.batches(
                    log.read(offset, 1, FetchIsolation.LOG_END, true).records());
            assertThat(read.get(0).baseOffset()).isEqualTo(offset - offset % 2);
        }
    }

    @Test
    void anIndexThatFailsItsSanityCheckIsRebuilt() throws IOException {
        Files.write(file(8, ".index"), new byte[] {0, 0, 0, 1, 0, 1, 0, 0, 9});
        Files.write(file(8, ".timeindex"), new byte[5]);
        log = Log.open(dir(), TP, config, env(), 20, 0, 20, true);
        assertThat(log.segments().get(1).indexProblem()).isNull();
        assertThat(LogContents.all(log)).hasSize(10);
    }

    @Test
    void leftoversOfInterruptedOperationsAreRemoved() throws IOException {
        Files.write(dir().resolve("00000000000000000020.log.cleaned"), new byte[10]);
        Files.write(dir().resolve("00000000000000000004.log.deleted"), new byte[10]);
        Files.write(dir().resolve("leader-epoch-checkpoint.tmp"), new byte[3]);
        Files.write(dir().resolve("00000000000000000099.index"), new byte[8]);
        openUnclean(20);
        try (Stream<Path> files = Files.list(dir())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.endsWith(".cleaned") || n.endsWith(".deleted") || n.endsWith(".tmp"))
                    .doesNotContain("00000000000000000099.index");
        }
        assertThat(LogContents.all(log)).hasSize(10);
    }

    @Test
    void aCommittedCompactionIsInstalledFromItsSwapFile() throws IOException {
        byte[] first = Files.readAllBytes(file(0, ".log"));
        byte[] second = Files.readAllBytes(file(8, ".log"));
        // A "compacted" segment for [0, 16) that kept every other batch.
        java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
        for (int b = 0; b < 4; b += 2) {
            kept.write(first, b * batchSize, batchSize);
            kept.write(second, b * batchSize, batchSize);
        }
        byte[] swap = kept.toByteArray();
        // Order by offset: batches 0, 4 of the first segment (offsets 0, 4), then 8, 12 of the second.
        java.io.ByteArrayOutputStream ordered = new java.io.ByteArrayOutputStream();
        ordered.write(swap, 0, batchSize);
        ordered.write(swap, 2 * batchSize, batchSize);
        ordered.write(swap, batchSize, batchSize);
        ordered.write(swap, 3 * batchSize, batchSize);
        Files.write(dir().resolve(LogSegment.swapFileName(0, 16)), ordered.toByteArray());
        log = Log.open(dir(), TP, config, env(), 20, 0, 20, true);
        assertThat(log.segments()).extracting(LogSegment::baseOffset).containsExactly(0L, 16L);
        assertThat(LogContents.all(log)).extracting(RecordBatch::baseOffset).containsExactly(0L, 4L, 8L, 12L, 16L, 18L);
        assertThat(Files.exists(file(8, ".log"))).isFalse();
    }

    @Test
    void epochsAreRebuiltFromBatchesAfterTheRecoveryPoint() throws IOException {
        Files.delete(dir().resolve("leader-epoch-checkpoint"));
        openUnclean(0);
        assertThat(log.latestEpoch()).hasValue(0);
    }
}
