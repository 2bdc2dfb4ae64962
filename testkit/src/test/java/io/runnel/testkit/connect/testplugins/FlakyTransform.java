package io.runnel.testkit.connect.testplugins;

import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.transforms.Transformation;

/** A test transformation that throws a {@link RetriableException} on its first {@code failures} calls. */
public class FlakyTransform<R extends ConnectRecord<R>> implements Transformation<R> {

    private int failuresLeft;

    @Override
    public void configure(Map<String, ?> configs) {
        failuresLeft = Integer.parseInt(String.valueOf(configs.get("failures")));
    }

    @Override
    public R apply(R record) {
        if (failuresLeft > 0) {
            failuresLeft--;
            throw new RetriableException("not yet");
        }
        return record;
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef().define("failures", ConfigDef.Type.INT, 1, ConfigDef.Importance.HIGH, "failures");
    }

    @Override
    public void close() {}
}
