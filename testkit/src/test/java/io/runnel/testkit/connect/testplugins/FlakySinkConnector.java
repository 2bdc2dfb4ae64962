package io.runnel.testkit.connect.testplugins;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * A test plugin whose task refuses its first {@code failures} non-empty batches with a {@link RetriableException}
 * (asking for a 50 ms back-off), then appends each value and a newline to {@code file}.
 */
public class FlakySinkConnector extends SinkConnector {

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        this.props = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return FlakyTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(props);
    }

    @Override
    public void stop() {}

    @Override
    public ConfigDef config() {
        return new ConfigDef()
                .define("file", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "output")
                .define("failures", ConfigDef.Type.INT, 2, ConfigDef.Importance.HIGH, "refused batches");
    }

    @Override
    public String version() {
        return "test";
    }

    /** The task; see the connector. */
    public static class FlakyTask extends SinkTask {
        private Path file;
        private int failuresLeft;

        @Override
        public String version() {
            return "test";
        }

        @Override
        public void start(Map<String, String> props) {
            file = Path.of(props.get("file"));
            failuresLeft = Integer.parseInt(props.getOrDefault("failures", "2"));
            context.timeout(50);
        }

        @Override
        public void put(Collection<SinkRecord> records) {
            if (records.isEmpty()) {
                return;
            }
            if (failuresLeft > 0) {
                failuresLeft--;
                throw new RetriableException("the target is busy");
            }
            StringBuilder sb = new StringBuilder();
            records.forEach(r -> sb.append(r.value()).append('\n'));
            try {
                Files.writeString(file, sb, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void stop() {}
    }
}
