package io.runnel.storage;

import io.runnel.common.time.Time;
import io.runnel.storage.io.Disk;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The process {@link KillProcessTest} kills: opens the log in the directory given as its argument and appends
 * forever, one record per batch whose value names its offset ({@code v-<offset>}, padded to about 1 KB), waiting
 * for group commit after every few batches and printing {@code ACK <offset>} once everything up to that offset is
 * on disk. Writes nothing outside that directory.
 */
public final class LogWriterProcess {

    static final TopicPartition TP = new TopicPartition("killed", 0);

    static LogConfig config() {
        return LogConfig.of(Map.of(
                LogConfig.SEGMENT_BYTES,
                64 * 1024,
                LogConfig.INDEX_INTERVAL_BYTES,
                2048,
                LogConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS,
                Long.MAX_VALUE));
    }

    static String valueFor(long offset) {
        StringBuilder value = new StringBuilder("v-").append(offset).append(':');
        while (value.length() < 1000) {
            value.append((char) ('a' + value.length() % 26));
        }
        return value.toString();
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        ExecutorService io = Executors.newSingleThreadExecutor();
        Log log = Log.open(
                Path.of(args[0]),
                TP,
                config(),
                new LogEnvironment(Disk.LOCAL, Time.SYSTEM, io, (name, task, delayMs) -> task.run(), l -> {}),
                0,
                0,
                0,
                false);
        out.println("READY " + log.logEndOffset());
        long next = log.logEndOffset();
        while (true) {
            long last = -1;
            for (int i = 0; i < 4; i++) {
                last = log.appendAsLeader(
                                TestBatches.values(Time.SYSTEM.milliseconds(), valueFor(next)), 0, AppendOrigin.CLIENT)
                        .lastOffset();
                next = last + 1;
            }
            log.flushAsync(last + 1).join();
            out.println("ACK " + last);
        }
    }
}
