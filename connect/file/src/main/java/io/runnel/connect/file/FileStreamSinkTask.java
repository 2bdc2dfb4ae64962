package io.runnel.connect.file;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * The file sink's task: appends each record's value and a {@code \n} to the file (created when missing) and forces
 * the writes out on {@code flush}, so the offsets the runtime commits after a flush are of lines that are written.
 * A null value writes the line {@code null}, as Apache's does. Driven by one thread.
 */
public class FileStreamSinkTask extends SinkTask {

    private String filename;
    private Writer writer;

    @Override
    public String version() {
        return FileStreamSourceTask.VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        filename = props.get(FileStreamSinkConnector.FILE_CONFIG);
        try {
            if (filename == null || filename.isEmpty()) {
                filename = null;
                writer = new OutputStreamWriter(
                        new PrintStream(System.out, false, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
            } else {
                writer = new BufferedWriter(new OutputStreamWriter(
                        Files.newOutputStream(Path.of(filename), StandardOpenOption.CREATE, StandardOpenOption.APPEND),
                        StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new ConnectException("Cannot open " + filename + " for appending", e);
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        try {
            for (SinkRecord r : records) {
                writer.write(String.valueOf(r.value()));
                writer.write('\n');
            }
        } catch (IOException e) {
            throw new ConnectException("Writing to " + describe() + " failed", e);
        }
    }

    @Override
    public void flush(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        try {
            writer.flush();
        } catch (IOException e) {
            throw new ConnectException("Flushing " + describe() + " failed", e);
        }
    }

    @Override
    public void stop() {
        if (writer == null) {
            return;
        }
        try {
            if (filename == null) {
                writer.flush();
            } else {
                writer.close();
            }
        } catch (IOException e) {
            throw new ConnectException("Closing " + describe() + " failed", e);
        }
    }

    private String describe() {
        return filename == null ? "standard output" : filename;
    }
}
