package io.runnel.connect.postgres;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * Drives one {@link PostgresCdcSourceTask} the way a Connect runtime does, without Kafka: offsets are "stored" when
 * the test acknowledges records ({@link #acknowledge}), which also calls {@code commitRecord}. Not thread-safe.
 */
final class TaskHarness implements AutoCloseable {

    /** The offsets "stored" so far, surviving across tasks like a runtime's offset store. */
    static final class Offsets {
        final Map<Map<String, Object>, Map<String, Object>> stored = new HashMap<>();
    }

    final PostgresCdcSourceTask task = new PostgresCdcSourceTask();
    final Offsets offsets;

    TaskHarness(Map<String, String> config, Offsets offsets) {
        this.offsets = offsets;
        task.initialize(new SourceTaskContext() {
            @Override
            public Map<String, String> configs() {
                return config;
            }

            @Override
            public org.apache.kafka.common.metrics.PluginMetrics pluginMetrics() {
                throw new UnsupportedOperationException("the task uses no plugin metrics");
            }

            @Override
            public OffsetStorageReader offsetStorageReader() {
                return new OffsetStorageReader() {
                    @Override
                    public <T> Map<String, Object> offset(Map<String, T> partition) {
                        return offsets.stored.get(new HashMap<String, Object>(partition));
                    }

                    @Override
                    public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                        Map<Map<String, T>, Map<String, Object>> m = new HashMap<>();
                        partitions.forEach(p -> m.put(p, offset(p)));
                        return m;
                    }
                };
            }
        });
        task.start(config);
    }

    /** Polls until {@code count} records arrived; fails after {@code timeout}. */
    List<SourceRecord> pollUntil(int count, Duration timeout) throws InterruptedException {
        List<SourceRecord> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (out.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + out.size() + " of " + count + " records arrived: " + out);
            }
            List<SourceRecord> batch = task.poll();
            if (batch != null) {
                out.addAll(batch);
            }
        }
        return out;
    }

    /** What a runtime does once Kafka acknowledged the records: commitRecord, then store their offsets. */
    void acknowledge(List<SourceRecord> records) {
        for (SourceRecord r : records) {
            task.commitRecord(r, null);
            offsets.stored.put(new HashMap<>(r.sourcePartition()), new HashMap<>(r.sourceOffset()));
        }
    }

    @Override
    public void close() {
        task.stop();
    }
}
