package io.runnel.storage.checkpoint;

import io.runnel.storage.TopicPartition;
import io.runnel.storage.io.Disk;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A per-directory file mapping each partition to an offset ({@code recovery-point-offset-checkpoint},
 * {@code log-start-offset-checkpoint}), in Kafka's text format:
 *
 * <pre>
 * 0                      version
 * 2                      number of entries
 * orders 0 1200          topic partition offset
 * orders 1 1187
 * </pre>
 *
 * Written atomically through {@link CheckpointFile}. Not thread-safe: one writer per file.
 */
public final class OffsetCheckpoint {

    private static final int VERSION = 0;

    private final CheckpointFile file;

    public OffsetCheckpoint(Disk disk, Path path) {
        this.file = new CheckpointFile(disk, path);
    }

    public void write(Map<TopicPartition, Long> offsets) throws IOException {
        List<String> lines = new ArrayList<>(offsets.size() + 2);
        lines.add(Integer.toString(VERSION));
        lines.add(Integer.toString(offsets.size()));
        for (Map.Entry<TopicPartition, Long> e : new TreeMap<>(offsets).entrySet()) {
            lines.add(e.getKey().topic() + " " + e.getKey().partition() + " " + e.getValue());
        }
        file.write(lines);
    }

    /**
     * The offsets in the file; empty when the file does not exist.
     *
     * @throws CorruptCheckpointException when the file does not follow the format
     */
    public Map<TopicPartition, Long> read() throws IOException {
        Optional<List<String>> content = file.read();
        Map<TopicPartition, Long> offsets = new TreeMap<>();
        if (content.isEmpty()) {
            return offsets;
        }
        List<String> lines = content.get();
        try {
            if (lines.size() < 2 || Integer.parseInt(lines.get(0).trim()) != VERSION) {
                throw new CorruptCheckpointException(file.path(), "missing header or unknown version");
            }
            int count = Integer.parseInt(lines.get(1).trim());
            if (count != lines.size() - 2) {
                throw new CorruptCheckpointException(
                        file.path(), "expected " + count + " entries, found " + (lines.size() - 2));
            }
            for (String line : lines.subList(2, lines.size())) {
                String[] parts = line.trim().split(" ");
                if (parts.length != 3) {
                    throw new CorruptCheckpointException(file.path(), "malformed line '" + line + "'");
                }
                offsets.put(new TopicPartition(parts[0], Integer.parseInt(parts[1])), Long.parseLong(parts[2]));
            }
        } catch (IllegalArgumentException e) {
            throw new CorruptCheckpointException(file.path(), e.getMessage());
        }
        return offsets;
    }
}
