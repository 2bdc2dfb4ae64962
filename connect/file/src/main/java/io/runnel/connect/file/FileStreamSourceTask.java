package io.runnel.connect.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/**
 * The file source's task: every poll returns up to {@code batch.size} complete lines (split on {@code \n}, a
 * trailing {@code \r} dropped) as string values with no key. A line without its newline yet is kept until the
 * newline arrives. The offset of a record is the byte position just after its line. When the file does not exist
 * yet, or has nothing new, a poll waits up to a second (woken by {@link #stop()}) and returns nothing.
 *
 * <p>{@code poll} runs on the task's thread; {@code stop} may be called from another.
 */
public class FileStreamSourceTask extends SourceTask {

    static final String VERSION = "1.0";
    static final String FILENAME_FIELD = "filename";
    static final String POSITION_FIELD = "position";
    private static final long IDLE_WAIT_MS = 1000;

    private final Object idle = new Object();
    private volatile boolean stopping;
    private String filename;
    private String topic;
    private int batchSize;
    private InputStream stream;
    private long position; // byte position of buf[0]
    private byte[] buf = new byte[8192];
    private int filled;

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        filename = props.get(FileStreamSourceConnector.FILE_CONFIG);
        if (filename != null && filename.isEmpty()) {
            filename = null;
        }
        topic = props.get(FileStreamSourceConnector.TOPIC_CONFIG);
        String batch = props.get(FileStreamSourceConnector.BATCH_SIZE_CONFIG);
        batchSize = batch == null ? FileStreamSourceConnector.DEFAULT_BATCH_SIZE : Integer.parseInt(batch.trim());
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (stream == null && !open()) {
            idleWait();
            return null;
        }
        List<SourceRecord> records = new ArrayList<>();
        try {
            while (records.size() < batchSize && !stopping) {
                if (!extractLines(records)) {
                    int n = readMore();
                    if (n <= 0) {
                        break;
                    }
                }
            }
        } catch (IOException e) {
            if (stopping) {
                return null; // stop() closed the stream under us
            }
            throw new ConnectException("Reading " + describe() + " failed", e);
        }
        if (records.isEmpty()) {
            idleWait();
            return null;
        }
        return records;
    }

    private boolean open() {
        if (filename == null) {
            stream = System.in;
            position = 0;
            return true;
        }
        Map<String, Object> offset = context.offsetStorageReader().offset(Map.of(FILENAME_FIELD, filename));
        long start = 0;
        if (offset != null && offset.get(POSITION_FIELD) instanceof Number n) {
            start = n.longValue();
        }
        try {
            InputStream in = Files.newInputStream(Path.of(filename));
            long skipped = in.skip(start);
            while (skipped < start) {
                long s = in.skip(start - skipped);
                if (s <= 0) {
                    in.close();
                    throw new ConnectException("The stored offset " + start + " is past the end of " + filename);
                }
                skipped += s;
            }
            stream = in;
            position = start;
            filled = 0;
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("Opening " + filename + " failed", e);
        }
    }

    /** Moves complete lines from the buffer into records; false when no complete line is buffered. */
    private boolean extractLines(List<SourceRecord> records) {
        int start = 0;
        boolean any = false;
        for (int i = 0; i < filled && records.size() < batchSize; i++) {
            if (buf[i] == '\n') {
                int end = i > start && buf[i - 1] == '\r' ? i - 1 : i;
                String line = new String(buf, start, end - start, StandardCharsets.UTF_8);
                long next = position + i + 1;
                records.add(new SourceRecord(
                        filename == null ? null : Map.of(FILENAME_FIELD, filename),
                        filename == null ? null : Map.of(POSITION_FIELD, next),
                        topic,
                        null,
                        null,
                        null,
                        Schema.STRING_SCHEMA,
                        line));
                start = i + 1;
                any = true;
            }
        }
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, filled - start);
            filled -= start;
            position += start;
        }
        return any;
    }

    private int readMore() throws IOException {
        if (filled == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        if (filename == null && stream.available() <= 0) {
            return 0;
        }
        int n = stream.read(buf, filled, buf.length - filled);
        if (n > 0) {
            filled += n;
        }
        return n;
    }

    private void idleWait() throws InterruptedException {
        synchronized (idle) {
            if (!stopping) {
                idle.wait(IDLE_WAIT_MS);
            }
        }
    }

    private String describe() {
        return filename == null ? "standard input" : filename;
    }

    @Override
    public void stop() {
        stopping = true;
        synchronized (idle) {
            idle.notifyAll();
        }
        InputStream s = stream;
        if (s != null && s != System.in) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing on stop: nothing left to lose
            }
        }
    }
}
