package io.runnel.benchmarks.storage;

import io.netty.buffer.ByteBuf;
import io.runnel.storage.AppendOrigin;
import io.runnel.storage.Log;
import io.runnel.storage.LogConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Opening a 1 GiB log (one segment of 64 KB batches of 1 KB records) after an unclean stop with no recovery point:
 * every batch is read and CRC-checked, the indexes rebuilt, producer state replayed (no snapshot), and the result
 * flushed. Beside it, opening the same log after a clean shutdown. Measured with a warm page cache (the files were
 * just written), so this is the CPU cost of recovery, not the disk's read time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@Fork(1)
public class LogRecoveryBenchmark {

    @Param({"1024"})
    public int sizeMiB;

    private Path dir;
    private Map<String, Object> config;

    @Setup(Level.Trial)
    public void write() throws Exception {
        dir = BenchLog.newDirectory();
        config = Map.of(LogConfig.SEGMENT_BYTES, Integer.MAX_VALUE, LogConfig.MAX_MESSAGE_BYTES, 1024 * 1024);
        Log log = BenchLog.open(dir, config, Runnable::run, false);
        ByteBuf batch = BenchLog.reusable(BenchLog.batch());
        while (log.size() < sizeMiB * 1024L * 1024) {
            log.appendAsLeader(BenchLog.rewind(batch), 0, AppendOrigin.CLIENT);
        }
        log.close();
    }

    /** Before each unclean recovery: no producer state snapshot, so the whole log is replayed too. */
    @Setup(Level.Iteration)
    public void forgetProducerSnapshots(BenchmarkParams params) throws Exception {
        if (!params.getBenchmark().endsWith("recoverAfterUncleanStop")) {
            return;
        }
        try (Stream<Path> files = Files.list(dir.resolve(BenchLog.TP.directoryName()))) {
            for (Path p : files.filter(p -> p.toString().endsWith(".snapshot")).toList()) {
                Files.delete(p);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        BenchLog.deleteRecursively(dir);
    }

    @Benchmark
    public long recoverAfterUncleanStop() throws Exception {
        Log log = BenchLog.open(dir, config, Runnable::run, false);
        long end = log.logEndOffset();
        log.close();
        return end;
    }

    @Benchmark
    public long openAfterCleanShutdown() throws Exception {
        Log log = BenchLog.open(dir, config, Runnable::run, true);
        long end = log.logEndOffset();
        log.close();
        return end;
    }
}
