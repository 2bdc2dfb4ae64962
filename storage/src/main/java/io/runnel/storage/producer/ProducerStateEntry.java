package io.runnel.storage.producer;

import io.runnel.protocol.record.RecordBatch;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The state of one producer id in one partition: its epoch, the metadata of its last (up to five) batches, the
 * first offset of its open transaction (or -1), the epoch of the coordinator that last wrote a marker for it, and the
 * timestamp of its last write (for expiration).
 *
 * <p>Not thread-safe; owned by a {@link ProducerStateManager}. {@link #copy()} gives an independent entry that an
 * append can change before it is known to succeed.
 */
public final class ProducerStateEntry {

    /** How many batches' metadata are kept per producer: the producer's max.in.flight.requests.per.connection. */
    public static final int RETAINED_BATCHES = 5;

    private final long producerId;
    private short producerEpoch;
    private final Deque<BatchMetadata> batches;
    private int coordinatorEpoch;
    private long currentTxnFirstOffset;
    private long lastTimestamp;

    public ProducerStateEntry(
            long producerId,
            short producerEpoch,
            List<BatchMetadata> batches,
            int coordinatorEpoch,
            long currentTxnFirstOffset,
            long lastTimestamp) {
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.batches = new ArrayDeque<>(batches);
        this.coordinatorEpoch = coordinatorEpoch;
        this.currentTxnFirstOffset = currentTxnFirstOffset;
        this.lastTimestamp = lastTimestamp;
    }

    static ProducerStateEntry empty(long producerId) {
        return new ProducerStateEntry(
                producerId, RecordBatch.NO_PRODUCER_EPOCH, List.of(), -1, -1L, RecordBatch.NO_TIMESTAMP);
    }

    public ProducerStateEntry copy() {
        return new ProducerStateEntry(
                producerId,
                producerEpoch,
                List.copyOf(batches),
                coordinatorEpoch,
                currentTxnFirstOffset,
                lastTimestamp);
    }

    public long producerId() {
        return producerId;
    }

    public short producerEpoch() {
        return producerEpoch;
    }

    /** The retained batches, oldest first. */
    public List<BatchMetadata> batches() {
        return List.copyOf(batches);
    }

    public boolean hasBatches() {
        return !batches.isEmpty();
    }

    /** The last sequence written, or -1 when no batch is retained. */
    public int lastSequence() {
        return batches.isEmpty() ? RecordBatch.NO_SEQUENCE : batches.peekLast().lastSequence();
    }

    /** The last offset written by this producer, or -1 when no batch is retained. */
    public long lastOffset() {
        return batches.isEmpty() ? -1L : batches.peekLast().lastOffset();
    }

    public int coordinatorEpoch() {
        return coordinatorEpoch;
    }

    /** The first offset of the open transaction, or -1 when there is none. */
    public long currentTxnFirstOffset() {
        return currentTxnFirstOffset;
    }

    public long lastTimestamp() {
        return lastTimestamp;
    }

    /** The retained batch with exactly this epoch and sequence range, if any (a retry of it is a duplicate). */
    public BatchMetadata findDuplicate(short epoch, int firstSequence, int lastSequence) {
        if (epoch != producerEpoch) {
            return null;
        }
        for (BatchMetadata b : batches) {
            if (b.firstSequence() == firstSequence && b.lastSequence() == lastSequence) {
                return b;
            }
        }
        return null;
    }

    /** Moves to a new epoch, forgetting the batches of the old one. */
    void bumpEpoch(short epoch) {
        if (epoch != producerEpoch) {
            producerEpoch = epoch;
            batches.clear();
        }
    }

    void addBatch(BatchMetadata batch) {
        batches.addLast(batch);
        while (batches.size() > RETAINED_BATCHES) {
            batches.removeFirst();
        }
        lastTimestamp = batch.timestamp();
    }

    void setCurrentTxnFirstOffset(long offset) {
        currentTxnFirstOffset = offset;
    }

    void setCoordinatorEpoch(int epoch) {
        coordinatorEpoch = epoch;
    }

    void setLastTimestamp(long timestamp) {
        lastTimestamp = timestamp;
    }

    @Override
    public String toString() {
        return "ProducerStateEntry(producerId=" + producerId + ", epoch=" + producerEpoch + ", batches=" + batches
                + ", coordinatorEpoch=" + coordinatorEpoch + ", currentTxnFirstOffset=" + currentTxnFirstOffset
                + ", lastTimestamp=" + lastTimestamp + ")";
    }
}
