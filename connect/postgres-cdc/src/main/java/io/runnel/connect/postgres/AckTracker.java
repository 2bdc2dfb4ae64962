package io.runnel.connect.postgres;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tracks which transactions Kafka has acknowledged, so the slot is confirmed only up to the end of the newest
 * transaction whose records, and every earlier transaction's, were all acknowledged. Transactions are opened and
 * closed by the task thread in commit order; acknowledgements arrive on the producer's thread in any order.
 * Thread-safe.
 */
final class AckTracker {

    private static final class Txn {
        final long finalLsn;
        final AtomicInteger outstanding = new AtomicInteger();
        volatile long endLsn = -1;

        Txn(long finalLsn) {
            this.finalLsn = finalLsn;
        }
    }

    private final ConcurrentLinkedDeque<Txn> order = new ConcurrentLinkedDeque<>();
    private final ConcurrentHashMap<Long, Txn> byLsn = new ConcurrentHashMap<>();
    private Txn open;

    /** Task thread: a transaction begins. */
    void begin(long finalLsn) {
        open = new Txn(finalLsn);
        order.add(open);
        byLsn.put(finalLsn, open);
    }

    /** Task thread: a record of the open transaction was handed to the runtime. */
    void emitted() {
        open.outstanding.incrementAndGet();
    }

    /** Task thread: the open transaction ended; its records may all be emitted already. */
    void commit(long endLsn) {
        open.endLsn = endLsn;
        open = null;
    }

    /** Producer thread: Kafka acknowledged a record of the transaction committing at {@code finalLsn}. */
    void acknowledged(long finalLsn) {
        Txn txn = byLsn.get(finalLsn);
        if (txn != null) {
            txn.outstanding.decrementAndGet();
        }
    }

    /** The LSN the slot may be confirmed up to now, or -1 when nothing new is fully acknowledged. */
    long confirmable() {
        long lsn = -1;
        Txn head;
        while ((head = order.peekFirst()) != null && head.endLsn >= 0 && head.outstanding.get() <= 0) {
            order.pollFirst();
            byLsn.remove(head.finalLsn);
            lsn = head.endLsn;
        }
        return lsn;
    }
}
