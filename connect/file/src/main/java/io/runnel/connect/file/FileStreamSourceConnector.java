package io.runnel.connect.file;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Reads a file line by line into one topic, with the configs of Apache's file source: {@code file} (standard input
 * when absent), {@code topic}, {@code batch.size}. One task; its source partition is {@code {"filename": file}} and
 * its offset {@code {"position": <byte after the last line read>}}, so a restart resumes after the last committed
 * line.
 */
public class FileStreamSourceConnector extends SourceConnector {

    public static final String FILE_CONFIG = "file";
    public static final String TOPIC_CONFIG = "topic";
    public static final String BATCH_SIZE_CONFIG = "batch.size";
    public static final int DEFAULT_BATCH_SIZE = 2000;

    static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(
                    FILE_CONFIG,
                    ConfigDef.Type.STRING,
                    null,
                    ConfigDef.Importance.HIGH,
                    "Source file name; standard input when not set.")
            .define(
                    TOPIC_CONFIG,
                    ConfigDef.Type.STRING,
                    ConfigDef.NO_DEFAULT_VALUE,
                    new ConfigDef.NonEmptyString(),
                    ConfigDef.Importance.HIGH,
                    "The topic to publish the lines to.")
            .define(
                    BATCH_SIZE_CONFIG,
                    ConfigDef.Type.INT,
                    DEFAULT_BATCH_SIZE,
                    ConfigDef.Range.atLeast(1),
                    ConfigDef.Importance.LOW,
                    "The most lines one poll returns.");

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        AbstractConfig config = new AbstractConfig(CONFIG_DEF, props);
        String topic = config.getString(TOPIC_CONFIG);
        if (topic.contains(",")) {
            throw new ConfigException(TOPIC_CONFIG, topic, "the file source writes to exactly one topic");
        }
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return FileStreamSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(props);
    }

    @Override
    public void stop() {}

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> props) {
        // Offsets are byte positions in a file that can be re-read, so a transaction can cover them.
        return props.get(FILE_CONFIG) == null ? ExactlyOnceSupport.UNSUPPORTED : ExactlyOnceSupport.SUPPORTED;
    }

    @Override
    public String version() {
        return FileStreamSourceTask.VERSION;
    }
}
