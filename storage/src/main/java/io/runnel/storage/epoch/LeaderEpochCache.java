package io.runnel.storage.epoch;

import io.runnel.storage.checkpoint.CheckpointFile;
import io.runnel.storage.checkpoint.CorruptCheckpointException;
import io.runnel.storage.io.Disk;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The leader epochs of one partition log and the offset at which each started, persisted to
 * {@code leader-epoch-checkpoint} in the partition directory in Kafka's text format:
 *
 * <pre>
 * 0            version
 * 2            number of entries
 * 0 0          epoch startOffset
 * 3 1200
 * </pre>
 *
 * Invariant: epochs and start offsets both strictly increase. Every change is written to the checkpoint
 * atomically before the method returns; the caller treats an {@link IOException} as a disk failure.
 *
 * <p>Thread-safe: every method is synchronized. Changes are made by the log's writer; lookups come from request
 * threads.
 */
public final class LeaderEpochCache {

    public static final String FILE_NAME = "leader-epoch-checkpoint";
    private static final int VERSION = 0;

    private final CheckpointFile file;
    private final TreeMap<Integer, EpochEntry> epochs = new TreeMap<>();

    private LeaderEpochCache(CheckpointFile file) {
        this.file = file;
    }

    /**
     * Loads the checkpoint of a partition directory; a missing file is an empty cache.
     *
     * @throws CorruptCheckpointException when the file does not follow the format
     */
    public static LeaderEpochCache load(Disk disk, Path partitionDirectory) throws IOException {
        LeaderEpochCache cache = new LeaderEpochCache(new CheckpointFile(disk, partitionDirectory.resolve(FILE_NAME)));
        Optional<List<String>> lines = cache.file.read();
        if (lines.isPresent()) {
            cache.parse(lines.get());
        }
        return cache;
    }

    private void parse(List<String> lines) throws CorruptCheckpointException {
        try {
            if (lines.size() < 2 || Integer.parseInt(lines.get(0).trim()) != VERSION) {
                throw new CorruptCheckpointException(file.path(), "missing header or unknown version");
            }
            int count = Integer.parseInt(lines.get(1).trim());
            if (count != lines.size() - 2) {
                throw new CorruptCheckpointException(file.path(), "expected " + count + " entries");
            }
            EpochEntry previous = null;
            for (String line : lines.subList(2, lines.size())) {
                String[] parts = line.trim().split(" ");
                if (parts.length != 2) {
                    throw new CorruptCheckpointException(file.path(), "malformed line '" + line + "'");
                }
                EpochEntry entry = new EpochEntry(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
                if (previous != null
                        && (entry.epoch() <= previous.epoch() || entry.startOffset() <= previous.startOffset())) {
                    throw new CorruptCheckpointException(file.path(), "entries do not increase at '" + line + "'");
                }
                epochs.put(entry.epoch(), entry);
                previous = entry;
            }
        } catch (NumberFormatException e) {
            throw new CorruptCheckpointException(file.path(), e.getMessage());
        }
    }

    /**
     * Records that {@code epoch} starts at {@code startOffset}. Does nothing when the latest epoch is already
     * {@code epoch} with an earlier or equal start. Otherwise entries that would break monotonicity (an epoch at or
     * above {@code epoch}, or a start at or above {@code startOffset}) are removed first.
     */
    public synchronized void assign(int epoch, long startOffset) throws IOException {
        if (epoch < 0) {
            return;
        }
        Map.Entry<Integer, EpochEntry> latest = epochs.lastEntry();
        if (latest != null && latest.getKey() == epoch && latest.getValue().startOffset() <= startOffset) {
            return;
        }
        epochs.values().removeIf(e -> e.epoch() >= epoch || e.startOffset() >= startOffset);
        epochs.put(epoch, new EpochEntry(epoch, startOffset));
        flush();
    }

    public synchronized OptionalInt latestEpoch() {
        return epochs.isEmpty() ? OptionalInt.empty() : OptionalInt.of(epochs.lastKey());
    }

    public synchronized Optional<EpochEntry> latestEntry() {
        return epochs.isEmpty()
                ? Optional.empty()
                : Optional.of(epochs.lastEntry().getValue());
    }

    public synchronized Optional<EpochEntry> earliestEntry() {
        return epochs.isEmpty()
                ? Optional.empty()
                : Optional.of(epochs.firstEntry().getValue());
    }

    /** The epoch in which {@code offset} was written, if the cache covers it. */
    public synchronized OptionalInt epochForOffset(long offset) {
        Integer found = null;
        for (EpochEntry e : epochs.values()) {
            if (e.startOffset() <= offset) {
                found = e.epoch();
            } else {
                break;
            }
        }
        return found == null ? OptionalInt.empty() : OptionalInt.of(found);
    }

    /**
     * Where {@code requestedEpoch} ends, for OffsetsForLeaderEpoch: the latest epoch ends at the log end offset;
     * an earlier epoch ends where the next larger epoch starts, and is answered with the largest known epoch at
     * or below it (or the requested epoch itself when it is below every known one); an epoch above the latest,
     * or an unknown log, is {@link EpochEndOffset#UNDEFINED}.
     */
    public synchronized EpochEndOffset endOffsetFor(int requestedEpoch, long logEndOffset) {
        if (requestedEpoch == EpochEndOffset.UNDEFINED_EPOCH || epochs.isEmpty()) {
            return EpochEndOffset.UNDEFINED;
        }
        if (requestedEpoch == epochs.lastKey()) {
            return new EpochEndOffset(requestedEpoch, logEndOffset);
        }
        Map.Entry<Integer, EpochEntry> higher = epochs.higherEntry(requestedEpoch);
        if (higher == null) {
            return EpochEndOffset.UNDEFINED;
        }
        Map.Entry<Integer, EpochEntry> floor = epochs.floorEntry(requestedEpoch);
        int epoch = floor == null ? requestedEpoch : floor.getKey();
        return new EpochEndOffset(epoch, higher.getValue().startOffset());
    }

    /** Removes the entries that start at or after {@code endOffset} (the log was truncated to it). */
    public synchronized void truncateFromEnd(long endOffset) throws IOException {
        if (epochs.values().removeIf(e -> e.startOffset() >= endOffset)) {
            flush();
        }
    }

    /**
     * Removes the entries that lie wholly before {@code startOffset} (the log start moved to it). The latest entry
     * starting before it is kept and moved to start at {@code startOffset}, since its epoch still covers the log's
     * first records.
     */
    public synchronized void truncateFromStart(long startOffset) throws IOException {
        EpochEntry keep = null;
        List<Integer> remove = new ArrayList<>();
        for (EpochEntry e : epochs.values()) {
            if (e.startOffset() < startOffset) {
                keep = e;
                remove.add(e.epoch());
            }
        }
        if (keep == null) {
            return;
        }
        remove.forEach(epochs::remove);
        epochs.put(keep.epoch(), new EpochEntry(keep.epoch(), startOffset));
        flush();
    }

    public synchronized void clear() throws IOException {
        epochs.clear();
        flush();
    }

    public synchronized List<EpochEntry> entries() {
        return List.copyOf(epochs.values());
    }

    private void flush() throws IOException {
        List<String> lines = new ArrayList<>(epochs.size() + 2);
        lines.add(Integer.toString(VERSION));
        lines.add(Integer.toString(epochs.size()));
        for (EpochEntry e : epochs.values()) {
            lines.add(e.epoch() + " " + e.startOffset());
        }
        file.write(lines);
    }
}
