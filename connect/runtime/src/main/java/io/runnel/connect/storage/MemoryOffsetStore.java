package io.runnel.connect.storage;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/** Offsets kept in memory only, for a worker without an offset file (they do not survive a restart). Thread-safe. */
public final class MemoryOffsetStore implements OffsetStore {

    private final Map<ByteBuffer, ByteBuffer> data = new HashMap<>();

    @Override
    public synchronized Map<ByteBuffer, ByteBuffer> all() {
        return new HashMap<>(data);
    }

    @Override
    public synchronized ByteBuffer get(ByteBuffer key) {
        return data.get(key);
    }

    @Override
    public synchronized void putAll(Map<ByteBuffer, ByteBuffer> entries) {
        entries.forEach((k, v) -> {
            if (v == null) {
                data.remove(k);
            } else {
                data.put(k, v);
            }
        });
    }

    @Override
    public void close() {}
}
