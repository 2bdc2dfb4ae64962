package io.runnel.benchmarks.storage;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.runnel.storage.AppendOrigin;
import io.runnel.storage.FetchIsolation;
import io.runnel.storage.FileSlice;
import io.runnel.storage.Log;
import io.runnel.storage.LogConfig;
import io.runnel.storage.LogReadInfo;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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

/**
 * Reads of file slices from a 512 MiB log of 64 KB batches (8 segments, warm page cache), at random offsets, up to
 * {@code maxBytes}: the lookup alone ({@code lookup}: index search and header walk, what a fetch costs before any
 * byte moves), the lookup plus copying the slice into a heap buffer ({@code copy}), and the lookup plus {@code
 * transferTo} a file channel ({@code transfer}, the sendfile path; the target is a scratch file rewritten in place).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class LogReadBenchmark {

    @Param({"1048576"})
    public int maxBytes;

    private Path dir;
    private Log log;
    private long end;
    private ByteBuf copy;
    private FileChannel sink;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        dir = BenchLog.newDirectory();
        log = BenchLog.open(
                dir,
                Map.of(LogConfig.SEGMENT_BYTES, 64 * 1024 * 1024, LogConfig.MAX_MESSAGE_BYTES, 1024 * 1024),
                Runnable::run,
                false);
        ByteBuf batch = BenchLog.reusable(BenchLog.batch());
        while (log.size() < 512L * 1024 * 1024) {
            log.appendAsLeader(BenchLog.rewind(batch), 0, AppendOrigin.CLIENT);
        }
        log.flush();
        log.updateHighWatermark(log.logEndOffset());
        end = log.logEndOffset();
        copy = Unpooled.buffer(maxBytes + 128 * 1024);
        sink = FileChannel.open(
                dir.resolve("sink"), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        sink.close();
        log.close();
        BenchLog.deleteRecursively(dir);
    }

    private LogReadInfo readAtRandom() {
        long offset = ThreadLocalRandom.current().nextLong(end);
        return log.read(offset, maxBytes, FetchIsolation.HIGH_WATERMARK, true);
    }

    @Benchmark
    public int lookup() {
        return readAtRandom().records().length();
    }

    @Benchmark
    public int copy() throws Exception {
        FileSlice slice = readAtRandom().records();
        copy.clear();
        slice.readInto(copy);
        return copy.readableBytes();
    }

    @Benchmark
    public long transfer() throws Exception {
        FileSlice slice = readAtRandom().records();
        sink.position(0);
        return slice.transferTo(sink);
    }
}
