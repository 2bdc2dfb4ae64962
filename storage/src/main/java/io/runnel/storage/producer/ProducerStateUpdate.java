package io.runnel.storage.producer;

import io.runnel.protocol.record.ControlRecordType;
import io.runnel.protocol.record.CorruptRecordException;
import io.runnel.protocol.record.EndTransactionMarker;
import io.runnel.protocol.record.Record;
import io.runnel.protocol.record.RecordBatch;
import io.runnel.storage.AppendOrigin;
import io.runnel.storage.StorageError;
import io.runnel.storage.StorageException;
import java.util.HashMap;
import java.util.Map;

/**
 * The producer state changes of one append, staged on copies of the entries it touches so that a failed append
 * (a rejected batch, a disk error) leaves the manager unchanged. {@link ProducerStateManager#commit} applies it.
 *
 * <p>Not thread-safe; lives within one append under the log's lock.
 */
public final class ProducerStateUpdate {

    private final ProducerStateManager manager;
    private final Map<Long, ProducerStateEntry> staged = new HashMap<>();

    ProducerStateUpdate(ProducerStateManager manager) {
        this.manager = manager;
    }

    Map<Long, ProducerStateEntry> staged() {
        return staged;
    }

    private ProducerStateEntry entry(long producerId) {
        return staged.computeIfAbsent(producerId, id -> {
            ProducerStateEntry current = manager.entry(id);
            return current == null ? ProducerStateEntry.empty(id) : current.copy();
        });
    }

    /**
     * For a client batch of an idempotent producer, the earlier batch it repeats (same epoch and sequence range
     * among the last five), or null.
     */
    public BatchMetadata findDuplicate(RecordBatch batch) {
        if (!batch.hasProducerId() || batch.baseSequence() == RecordBatch.NO_SEQUENCE || batch.isControlBatch()) {
            return null;
        }
        return entry(batch.producerId())
                .findDuplicate(batch.producerEpoch(), batch.baseSequence(), batch.lastSequence());
    }

    /**
     * Checks a batch against its producer's state (for {@link AppendOrigin#CLIENT} and
     * {@link AppendOrigin#COORDINATOR}), then records it; its offsets must already be assigned.
     *
     * @throws StorageException INVALID_PRODUCER_EPOCH for an epoch older than the producer's,
     *     OUT_OF_ORDER_SEQUENCE for a sequence that does not continue the last one (or a new epoch not starting at
     *     0), INVALID_TXN_STATE for a non-transactional batch while the producer has a transaction open
     */
    public void append(RecordBatch batch, AppendOrigin origin) {
        if (!batch.hasProducerId()) {
            return;
        }
        ProducerStateEntry entry = entry(batch.producerId());
        if (origin != AppendOrigin.REPLICATION) {
            check(entry, batch);
        }
        apply(entry, batch);
    }

    private void check(ProducerStateEntry entry, RecordBatch batch) {
        short epoch = batch.producerEpoch();
        short known = entry.producerEpoch();
        if (known != RecordBatch.NO_PRODUCER_EPOCH && epoch < known) {
            throw new StorageException(
                    StorageError.INVALID_PRODUCER_EPOCH,
                    "Producer " + batch.producerId() + " wrote with epoch " + epoch + " at offset " + batch.baseOffset()
                            + ", older than the current epoch " + known);
        }
        if (batch.isControlBatch()) {
            EndTransactionMarker marker = markerOf(batch, true);
            if (marker != null && marker.coordinatorEpoch() < entry.coordinatorEpoch()) {
                throw new StorageException(
                        StorageError.TRANSACTION_COORDINATOR_FENCED,
                        "Transaction marker for producer " + batch.producerId() + " carries coordinator epoch "
                                + marker.coordinatorEpoch() + ", older than " + entry.coordinatorEpoch());
            }
            return;
        }
        int first = batch.baseSequence();
        if (epoch != known) {
            if (known != RecordBatch.NO_PRODUCER_EPOCH && first != 0) {
                throw new StorageException(
                        StorageError.OUT_OF_ORDER_SEQUENCE,
                        "Producer " + batch.producerId() + " started epoch " + epoch + " with sequence " + first
                                + " instead of 0");
            }
        } else if (entry.hasBatches() && !follows(entry.lastSequence(), first)) {
            throw new StorageException(
                    StorageError.OUT_OF_ORDER_SEQUENCE,
                    "Producer " + batch.producerId() + " (epoch " + epoch + ") sent sequence " + first
                            + " but the last one written was " + entry.lastSequence());
        }
        if (entry.currentTxnFirstOffset() >= 0 && !batch.isTransactional()) {
            throw new StorageException(
                    StorageError.INVALID_TXN_STATE,
                    "Producer " + batch.producerId() + " wrote a non-transactional batch while its transaction at "
                            + entry.currentTxnFirstOffset() + " is open");
        }
    }

    /**
     * The transaction marker a control batch holds (its one COMMIT or ABORT record), or null for other control
     * records (and, unless {@code strict}, for a malformed one: replay never fails on what was once accepted).
     *
     * @throws StorageException CORRUPT_RECORD when {@code strict} and the control record is malformed
     */
    static EndTransactionMarker markerOf(RecordBatch batch, boolean strict) {
        try {
            for (Record record : batch) {
                ControlRecordType type = ControlRecordType.parse(record.key());
                if (type == ControlRecordType.COMMIT || type == ControlRecordType.ABORT) {
                    return EndTransactionMarker.read(record);
                }
                return null;
            }
            return null;
        } catch (CorruptRecordException e) {
            if (!strict) {
                return null;
            }
            throw new StorageException(StorageError.CORRUPT_RECORD, "Malformed control batch: " + e.getMessage(), e);
        }
    }

    /** Whether {@code next} is the sequence after {@code last}; sequences wrap from Integer.MAX_VALUE to 0. */
    static boolean follows(int last, int next) {
        return (last == Integer.MAX_VALUE && next == 0) || (long) next == (long) last + 1;
    }

    private static void apply(ProducerStateEntry entry, RecordBatch batch) {
        entry.bumpEpoch(batch.producerEpoch());
        if (batch.isControlBatch()) {
            EndTransactionMarker marker = markerOf(batch, false);
            if (marker != null) {
                entry.setCurrentTxnFirstOffset(-1L);
                entry.setCoordinatorEpoch(marker.coordinatorEpoch());
            }
            entry.setLastTimestamp(batch.maxTimestamp());
            return;
        }
        if (batch.isTransactional() && entry.currentTxnFirstOffset() < 0) {
            entry.setCurrentTxnFirstOffset(batch.baseOffset());
        }
        entry.addBatch(new BatchMetadata(
                batch.baseSequence(),
                batch.lastSequence(),
                batch.baseOffset(),
                batch.lastOffset(),
                batch.maxTimestamp()));
    }
}
