package io.runnel.benchmarks.storage;

import io.netty.buffer.ByteBuf;
import io.runnel.storage.AppendOrigin;
import io.runnel.storage.Log;
import io.runnel.storage.LogConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Append throughput of 64 KB batches of 1 KB records: into the page cache (flushing left to the OS, Kafka's
 * default), and with group commit, each appender waiting for its batch to be fsynced before appending the next, with
 * 1, 4 and 16 concurrent appenders. One operation is one 64 KB batch, so MB/s = ops/s x 0.066. Retention keeps the
 * log under 1 GiB so a run does not fill the disk.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class LogAppendBenchmark {

    private Path dir;
    private ExecutorService io;
    private Log log;
    private byte[] batch;
    private final AtomicLong appends = new AtomicLong();

    @State(Scope.Thread)
    public static class Producer {
        ByteBuf batch;

        @Setup(Level.Trial)
        public void setup(LogAppendBenchmark bench) {
            batch = BenchLog.reusable(bench.batch);
        }
    }

    @Setup(Level.Trial)
    public void setup() throws Exception {
        dir = BenchLog.newDirectory();
        io = Executors.newFixedThreadPool(2);
        batch = BenchLog.batch();
        log = BenchLog.open(
                dir,
                Map.of(
                        LogConfig.SEGMENT_BYTES, 128 * 1024 * 1024,
                        LogConfig.RETENTION_BYTES, 1024L * 1024 * 1024,
                        LogConfig.FILE_DELETE_DELAY_MS, 0L,
                        LogConfig.MAX_MESSAGE_BYTES, 1024 * 1024),
                io,
                false);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        log.close();
        io.shutdownNow();
        io.awaitTermination(10, TimeUnit.SECONDS);
        BenchLog.deleteRecursively(dir);
    }

    private long append(Producer producer) {
        long last = log.appendAsLeader(BenchLog.rewind(producer.batch), 0, AppendOrigin.CLIENT)
                .lastOffset();
        if (appends.incrementAndGet() % 2048 == 0) {
            log.updateHighWatermark(log.logEndOffset());
            log.deleteOldSegments();
        }
        return last;
    }

    private long appendAndWait(Producer producer) {
        long last = append(producer);
        log.flushAsync(last + 1).join();
        return last;
    }

    @Benchmark
    @Threads(1)
    public long pageCache(Producer producer) {
        return append(producer);
    }

    @Benchmark
    @Threads(1)
    public long groupCommit1(Producer producer) {
        return appendAndWait(producer);
    }

    @Benchmark
    @Threads(4)
    public long groupCommit4(Producer producer) {
        return appendAndWait(producer);
    }

    @Benchmark
    @Threads(16)
    public long groupCommit16(Producer producer) {
        return appendAndWait(producer);
    }
}
