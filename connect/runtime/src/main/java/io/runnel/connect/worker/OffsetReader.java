package io.runnel.connect.worker;

import io.runnel.connect.storage.OffsetCodec;
import io.runnel.connect.storage.OffsetStore;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/** The {@link OffsetStorageReader} of one connector's tasks, over the worker's offset store. Thread-safe. */
final class OffsetReader implements OffsetStorageReader {

    private final String connector;
    private final OffsetStore store;
    private final OffsetCodec codec;

    OffsetReader(String connector, OffsetStore store, OffsetCodec codec) {
        this.connector = connector;
        this.store = store;
        this.codec = codec;
    }

    @Override
    public <T> Map<String, Object> offset(Map<String, T> partition) {
        ByteBuffer v = store.get(codec.key(connector, partition));
        return v == null ? null : codec.decodeValue(v);
    }

    @Override
    public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
        Map<Map<String, T>, Map<String, Object>> out = new HashMap<>();
        for (Map<String, T> p : partitions) {
            out.put(p, offset(p));
        }
        return out;
    }
}
