package io.runnel.connect.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Standalone mode's offset store ({@code offset.storage.file.filename}). The file is a JSON array of
 * {@code {"key": <key JSON>, "value": <offset JSON>}} objects, where key and value are the documents of
 * {@link OffsetCodec} embedded as JSON (readable, and editable by hand when the worker is down). Every
 * {@link #putAll} rewrites the file through a temporary file and an atomic rename, so a crash leaves the old or
 * the new content, never a torn file. A missing file is an empty store; an unreadable one fails start-up with its
 * path. Thread-safe (synchronized).
 *
 * <p>This is not Apache's format (a Java-serialized map); see the module README.
 */
public final class FileOffsetStore implements OffsetStore {

    private final Path file;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<ByteBuffer, ByteBuffer> data = new HashMap<>();

    public FileOffsetStore(Path file) {
        this.file = file;
        if (Files.exists(file)) {
            try {
                JsonNode root = mapper.readTree(file.toFile());
                if (root != null && !root.isMissingNode()) {
                    if (!root.isArray()) {
                        throw new IllegalStateException("Offset file " + file + " is not a JSON array");
                    }
                    for (JsonNode e : root) {
                        data.put(
                                ByteBuffer.wrap(mapper.writeValueAsBytes(e.get("key"))),
                                ByteBuffer.wrap(mapper.writeValueAsBytes(e.get("value"))));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the offset file " + file, e);
            }
        }
    }

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
        Map<ByteBuffer, ByteBuffer> next = new HashMap<>(data);
        entries.forEach((k, v) -> {
            if (v == null) {
                next.remove(k);
            } else {
                next.put(k, v);
            }
        });
        write(next);
        data.clear();
        data.putAll(next);
    }

    private void write(Map<ByteBuffer, ByteBuffer> content) {
        try {
            ArrayNode arr = mapper.createArrayNode();
            for (Map.Entry<ByteBuffer, ByteBuffer> e : content.entrySet()) {
                ObjectNode o = arr.addObject();
                o.set("key", mapper.readTree(text(e.getKey())));
                o.set("value", mapper.readTree(text(e.getValue())));
            }
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(arr));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the offset file " + file, e);
        }
    }

    private static String text(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return new String(out, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {}
}
