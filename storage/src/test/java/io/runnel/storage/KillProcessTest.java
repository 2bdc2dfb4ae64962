package io.runnel.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.common.time.Time;
import io.runnel.protocol.record.RecordBatch;
import io.runnel.storage.io.Disk;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a separate JVM that is writing to a log ({@code kill -9}) at random moments, on the real file system, then
 * reopens the log and checks that every batch acknowledged as durable is there and intact, that offsets are dense,
 * and that the log accepts appends. The kill lands wherever the writer is: in a write, an fsync, a roll, a snapshot.
 * The seed is printed on failure.
 */
@Timeout(180)
class KillProcessTest {

    private static final int KILLS = 5;

    @TempDir
    Path dir;

    @Test
    void acknowledgedRecordsSurviveKillDuringAppend() throws Exception {
        long seed = Long.getLong("kill.seed", System.nanoTime());
        Random random = new Random(seed);
        Path logDir = dir.resolve(LogWriterProcess.TP.directoryName());
        long acked = -1;
        try {
            for (int round = 0; round < KILLS; round++) {
                int ackTarget = 5 + random.nextInt(60);
                acked = Math.max(acked, runAndKill(logDir, ackTarget));
                verify(logDir, acked);
            }
        } catch (Throwable t) {
            throw new AssertionError("kill -9 test failed with -Dkill.seed=" + seed, t);
        }
    }

    /** Starts the writer, waits until it acknowledged {@code ackTarget} more times, kills it; returns its last ack. */
    private static long runAndKill(Path logDir, int ackTarget) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(
                        java,
                        "-Xmx128m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        LogWriterProcess.class.getName(),
                        logDir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // The process was killed.
            }
        });
        reader.setDaemon(true);
        reader.start();
        long lastAck = -1;
        int acks = 0;
        try {
            while (acks < ackTarget) {
                String line = lines.poll(60, TimeUnit.SECONDS);
                if (line == null) {
                    throw new AssertionError(
                            "The writer process stopped acknowledging (alive: " + process.isAlive() + ")");
                }
                if (line.startsWith("ACK ")) {
                    lastAck = Long.parseLong(line.substring(4));
                    acks++;
                }
            }
        } finally {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(10_000);
        }
        // Lines read after the kill request may carry later acks: the writer printed them before it died.
        for (String line : lines) {
            if (line.startsWith("ACK ")) {
                lastAck = Math.max(lastAck, Long.parseLong(line.substring(4)));
            }
        }
        return lastAck;
    }

    private static void verify(Path logDir, long acked) throws IOException {
        Log log = Log.open(
                logDir,
                LogWriterProcess.TP,
                LogWriterProcess.config(),
                LogEnvironment.inline(Disk.LOCAL, Time.SYSTEM),
                0,
                0,
                0,
                false);
        try {
            assertThat(log.logEndOffset()).as("log end offset after kill -9").isGreaterThan(acked);
            List<RecordBatch> batches = LogContents.all(log);
            long expected = 0;
            for (RecordBatch batch : batches) {
                assertThat(batch.isValid()).isTrue();
                assertThat(batch.baseOffset()).as("offsets are dense").isEqualTo(expected);
                assertThat(valueOf(batch)).isEqualTo(LogWriterProcess.valueFor(batch.baseOffset()));
                expected = batch.nextOffset();
            }
            assertThat(expected).isEqualTo(log.logEndOffset());
            long end = log.logEndOffset();
            log.appendAsLeader(
                    TestBatches.values(Time.SYSTEM.milliseconds(), LogWriterProcess.valueFor(end)),
                    0,
                    AppendOrigin.CLIENT);
            assertThat(log.logEndOffset()).isEqualTo(end + 1);
        } finally {
            log.close();
        }
    }

    private static String valueOf(RecordBatch batch) {
        byte[] bytes = io.netty.buffer.ByteBufUtil.getBytes(batch.buffer());
        var records = org.apache.kafka.common.record.internal.MemoryRecords.readableRecords(ByteBuffer.wrap(bytes));
        var record = records.records().iterator().next();
        ByteBuffer value = record.value();
        byte[] v = new byte[value.remaining()];
        value.get(v);
        return new String(v, StandardCharsets.UTF_8);
    }
}
