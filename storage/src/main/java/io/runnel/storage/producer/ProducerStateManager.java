package io.runnel.storage.producer;

import io.runnel.protocol.record.RecordBatch;
import io.runnel.storage.AppendOrigin;
import io.runnel.storage.checkpoint.CheckpointFile;
import io.runnel.storage.io.Disk;
import io.runnel.storage.segment.LogSegment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The idempotence and transaction state of every producer id that wrote to one partition, as of {@link
 * #mapEndOffset()} (the offset after the last batch it has seen), with snapshots on disk.
 *
 * <p>Snapshot files are named by the end offset they reflect, {@code <20 digits>.snapshot}, written atomically
 * (temporary file, fsync, rename, directory sync) when a segment rolls and on clean shutdown, and validated by CRC
 * when read. Format, big-endian:
 *
 * <pre>
 * int16  version (1)
 * int32  CRC-32C of everything after this field
 * int32  producer count
 * per producer:
 *   int64 producerId, int16 epoch, int32 coordinatorEpoch, int64 currentTxnFirstOffset, int64 lastTimestamp,
 *   int8  batch count (0..5)
 *   per batch: int32 firstSequence, int32 lastSequence, int64 firstOffset, int64 lastOffset, int64 timestamp
 * </pre>
 *
 * A missing or corrupt snapshot is never fatal: the log rebuilds the state by replaying batches from the latest
 * usable snapshot (or from the log start).
 *
 * <p>Not thread-safe: guarded by the owning log's lock.
 */
public final class ProducerStateManager {

    public static final String SNAPSHOT_SUFFIX = ".snapshot";
    private static final short VERSION = 1;
    private static final Logger log = LoggerFactory.getLogger(ProducerStateManager.class);

    private final Disk disk;
    private final Path directory;
    private final Map<Long, ProducerStateEntry> producers = new HashMap<>();
    private long mapEndOffset;

    public ProducerStateManager(Disk disk, Path directory) {
        this.disk = disk;
        this.directory = directory;
    }

    /** The offset after the last batch this state reflects. */
    public long mapEndOffset() {
        return mapEndOffset;
    }

    public void setMapEndOffset(long offset) {
        this.mapEndOffset = offset;
    }

    ProducerStateEntry entry(long producerId) {
        return producers.get(producerId);
    }

    /** A copy of one producer's state. */
    public Optional<ProducerStateEntry> lastEntry(long producerId) {
        ProducerStateEntry e = producers.get(producerId);
        return e == null ? Optional.empty() : Optional.of(e.copy());
    }

    /** Copies of every producer's state. */
    public Map<Long, ProducerStateEntry> activeProducers() {
        Map<Long, ProducerStateEntry> copy = new HashMap<>();
        producers.forEach((id, e) -> copy.put(id, e.copy()));
        return copy;
    }

    /** The first offset of the earliest open transaction, or -1. */
    public long firstUnstableOffset() {
        long first = -1;
        for (ProducerStateEntry e : producers.values()) {
            long txn = e.currentTxnFirstOffset();
            if (txn >= 0 && (first < 0 || txn < first)) {
                first = txn;
            }
        }
        return first;
    }

    /** Starts staging the changes of one append. */
    public ProducerStateUpdate prepareUpdate() {
        return new ProducerStateUpdate(this);
    }

    /** Applies an append's staged changes; the state now reflects everything below {@code endOffset}. */
    public void commit(ProducerStateUpdate update, long endOffset) {
        producers.putAll(update.staged());
        mapEndOffset = endOffset;
    }

    /** Records a batch read back from the log (recovery, reload) without checking it. */
    public void replay(RecordBatch batch) {
        if (batch.hasProducerId()) {
            ProducerStateUpdate update = prepareUpdate();
            update.append(batch, AppendOrigin.REPLICATION);
            producers.putAll(update.staged());
        }
        mapEndOffset = Math.max(mapEndOffset, batch.nextOffset());
    }

    /**
     * Forgets producers whose last write lies below the new log start offset: their data is gone, so their next
     * batch is accepted whatever its sequence (as Kafka does).
     */
    public void evictProducersBelow(long logStartOffset) {
        producers.values().removeIf(e -> e.currentTxnFirstOffset() < 0 && e.lastOffset() < logStartOffset);
        if (mapEndOffset < logStartOffset) {
            mapEndOffset = logStartOffset;
        }
    }

    /** Forgets producers idle for {@code expirationMs} (by their last batch's timestamp) with no open transaction. */
    public int removeExpiredProducers(long nowMs, long expirationMs) {
        int before = producers.size();
        producers.values().removeIf(e -> e.currentTxnFirstOffset() < 0 && nowMs - e.lastTimestamp() >= expirationMs);
        return before - producers.size();
    }

    /** Forgets everything; the state starts over at {@code offset}. */
    public void reset(long offset) {
        producers.clear();
        mapEndOffset = offset;
    }

    // ---------------------------------------------------------------------------------------------- snapshots

    private Path snapshotPath(long offset) {
        return directory.resolve(LogSegment.fileName(offset, SNAPSHOT_SUFFIX));
    }

    /** The offsets of the snapshot files present, ascending. */
    public TreeSet<Long> snapshotOffsets() throws IOException {
        TreeSet<Long> offsets = new TreeSet<>();
        for (Path p : disk.list(directory)) {
            String name = p.getFileName().toString();
            if (name.endsWith(SNAPSHOT_SUFFIX) && name.length() == 20 + SNAPSHOT_SUFFIX.length()) {
                long offset = LogSegment.baseOffsetOf(name);
                if (offset >= 0) {
                    offsets.add(offset);
                }
            }
        }
        return offsets;
    }

    /** Writes a snapshot of the current state at {@link #mapEndOffset()}, unless one exists for that offset. */
    public void takeSnapshot() throws IOException {
        Path path = snapshotPath(mapEndOffset);
        if (disk.exists(path)) {
            return;
        }
        CheckpointFile.writeBytes(disk, path, encode());
    }

    /**
     * Replaces the state with the latest valid snapshot at or below {@code maxOffset}; snapshots above it and
     * corrupt ones are deleted. When none is usable the state is empty at {@code fallbackOffset}.
     *
     * @return the offset of the snapshot loaded, or -1
     */
    public long loadLatestSnapshot(long maxOffset, long fallbackOffset) throws IOException {
        producers.clear();
        mapEndOffset = fallbackOffset;
        for (Long offset : snapshotOffsets().descendingSet()) {
            Path path = snapshotPath(offset);
            if (offset > maxOffset) {
                disk.deleteIfExists(path);
                disk.syncDirectory(directory);
                continue;
            }
            try {
                decode(ByteBuffer.wrap(CheckpointFile.readBytes(disk, path)));
                mapEndOffset = offset;
                return offset;
            } catch (CorruptSnapshotException e) {
                log.warn("Deleting corrupt producer state snapshot {}: {}", path, e.getMessage());
                producers.clear();
                disk.deleteIfExists(path);
                disk.syncDirectory(directory);
            }
        }
        return -1;
    }

    /** Deletes the snapshots for offsets strictly below {@code offset}, durably. */
    public void deleteSnapshotsBelow(long offset) throws IOException {
        delete(snapshotOffsets().headSet(offset, false));
    }

    /**
     * Deletes the snapshots for offsets strictly above {@code offset}, durably: a snapshot of a history that was
     * truncated must not come back after a crash, when the log may have grown past it again.
     */
    public void deleteSnapshotsAbove(long offset) throws IOException {
        delete(snapshotOffsets().tailSet(offset, false));
    }

    private void delete(java.util.Set<Long> offsets) throws IOException {
        for (Long o : offsets) {
            disk.deleteIfExists(snapshotPath(o));
        }
        if (!offsets.isEmpty()) {
            disk.syncDirectory(directory);
        }
    }

    private ByteBuffer encode() {
        List<ProducerStateEntry> entries = new ArrayList<>(producers.values());
        int size = 2 + 4 + 4;
        for (ProducerStateEntry e : entries) {
            size += 8 + 2 + 4 + 8 + 8 + 1 + e.batches().size() * (4 + 4 + 8 + 8 + 8);
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.putShort(VERSION).putInt(0).putInt(entries.size());
        for (ProducerStateEntry e : entries) {
            buf.putLong(e.producerId())
                    .putShort(e.producerEpoch())
                    .putInt(e.coordinatorEpoch())
                    .putLong(e.currentTxnFirstOffset())
                    .putLong(e.lastTimestamp())
                    .put((byte) e.batches().size());
            for (BatchMetadata b : e.batches()) {
                buf.putInt(b.firstSequence())
                        .putInt(b.lastSequence())
                        .putLong(b.firstOffset())
                        .putLong(b.lastOffset())
                        .putLong(b.timestamp());
            }
        }
        buf.flip();
        buf.putInt(2, (int) crcOf(buf));
        return buf;
    }

    private static long crcOf(ByteBuffer buf) {
        CRC32C crc = new CRC32C();
        crc.update(buf.slice(6, buf.limit() - 6));
        return crc.getValue();
    }

    private void decode(ByteBuffer buf) throws CorruptSnapshotException {
        try {
            if (buf.remaining() < 10) {
                throw new CorruptSnapshotException("only " + buf.remaining() + " bytes");
            }
            short version = buf.getShort(0);
            if (version != VERSION) {
                throw new CorruptSnapshotException("unknown version " + version);
            }
            long stored = Integer.toUnsignedLong(buf.getInt(2));
            if (stored != crcOf(buf)) {
                throw new CorruptSnapshotException("CRC mismatch");
            }
            buf.position(6);
            int count = buf.getInt();
            for (int i = 0; i < count; i++) {
                long producerId = buf.getLong();
                short epoch = buf.getShort();
                int coordinatorEpoch = buf.getInt();
                long txnFirstOffset = buf.getLong();
                long lastTimestamp = buf.getLong();
                int batchCount = buf.get();
                List<BatchMetadata> batches = new ArrayList<>(batchCount);
                for (int b = 0; b < batchCount; b++) {
                    batches.add(
                            new BatchMetadata(buf.getInt(), buf.getInt(), buf.getLong(), buf.getLong(), buf.getLong()));
                }
                producers.put(
                        producerId,
                        new ProducerStateEntry(
                                producerId, epoch, batches, coordinatorEpoch, txnFirstOffset, lastTimestamp));
            }
            if (buf.hasRemaining()) {
                throw new CorruptSnapshotException(buf.remaining() + " bytes after the last entry");
            }
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            throw new CorruptSnapshotException("truncated: " + e);
        }
    }

    /** A snapshot file that does not follow the format. */
    static final class CorruptSnapshotException extends Exception {
        CorruptSnapshotException(String message) {
            super(message);
        }
    }
}
