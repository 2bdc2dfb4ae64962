package io.runnel.testkit.connect.testplugins;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/**
 * A test plugin whose task ignores {@code stop()} while the file {@code <dir>/hold} exists, and which records in
 * {@code <dir>/violations} any start of a second instance while one is still running (a lock file marks the
 * running one).
 */
public class StubbornSourceConnector extends SourceConnector {

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        this.props = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return StubbornTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(props);
    }

    @Override
    public void stop() {}

    @Override
    public ConfigDef config() {
        return new ConfigDef().define("dir", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "work directory");
    }

    @Override
    public String version() {
        return "test";
    }

    /** The task; see the connector. */
    public static class StubbornTask extends SourceTask {
        private Path dir;
        private volatile boolean stopped;
        private boolean holding;

        @Override
        public String version() {
            return "test";
        }

        @Override
        public void start(Map<String, String> props) {
            dir = Path.of(props.get("dir"));
            try {
                Files.createFile(dir.resolve("lock"));
            } catch (FileAlreadyExistsException e) {
                try {
                    Files.writeString(dir.resolve("violations"), "a second instance started\n");
                } catch (IOException io) {
                    throw new UncheckedIOException(io);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public List<SourceRecord> poll() throws InterruptedException {
            synchronized (this) {
                holding = Files.exists(dir.resolve("hold"));
            }
            while (Files.exists(dir.resolve("hold"))) {
                Thread.sleep(20); // deliberately deaf to stop()
            }
            synchronized (this) {
                holding = false;
                if (stopped) {
                    release();
                    return null;
                }
                wait(50);
            }
            return null;
        }

        @Override
        public synchronized void stop() {
            stopped = true;
            if (!holding) {
                release();
            }
            notifyAll();
        }

        private void release() {
            try {
                Files.deleteIfExists(dir.resolve("lock"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
