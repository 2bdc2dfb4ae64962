package io.runnel.broker.fetch;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An incremental fetch session (KIP-227): the partitions a client fetches, with the fetch position it last sent
 * and the high watermark, last stable offset and log start offset the broker last returned for each. An
 * incremental request names only the partitions that changed; an incremental response carries only the
 * partitions that have data, an error, or changed offsets. Partitions that were answered move to the end of the
 * session, so under a response size limit every partition gets its turn.
 *
 * <p>Not thread-safe: the session cache hands a session to one request at a time.
 */
public final class FetchSession {

    /** A partition's state in the session. Mutable, owned by its session. */
    public static final class Entry {
        public long fetchOffset;
        public int maxBytes;
        public int currentLeaderEpoch = -1;
        public int lastFetchedEpoch = -1;
        public long highWatermark = -1;
        public long lastStableOffset = -1;
        public long logStartOffset = -1;
        /** Whether the client added or updated this partition in the current request. */
        public boolean touched;

        Entry(long fetchOffset, int maxBytes) {
            this.fetchOffset = fetchOffset;
            this.maxBytes = maxBytes;
        }
    }

    /** A partition as a request gives it. */
    public record Request(
            SessionPartition partition, long fetchOffset, int maxBytes, int currentLeaderEpoch, int lastFetchedEpoch) {}

    private final int id;
    private int epoch;
    private final LinkedHashMap<SessionPartition, Entry> partitions = new LinkedHashMap<>();
    long lastUsedMs;
    boolean busy;

    FetchSession(int id, long nowMs) {
        this.id = id;
        this.epoch = 1;
        this.lastUsedMs = nowMs;
    }

    public int id() {
        return id;
    }

    /** The epoch the next incremental request must carry. */
    public int expectedEpoch() {
        return epoch;
    }

    void advanceEpoch() {
        epoch = epoch == Integer.MAX_VALUE ? 1 : epoch + 1;
    }

    /** Applies a request: adds or updates the given partitions and forgets the others named. */
    public void update(List<Request> changed, List<SessionPartition> forgotten) {
        for (Entry e : partitions.values()) {
            e.touched = false;
        }
        for (SessionPartition p : forgotten) {
            partitions.remove(p);
        }
        for (Request r : changed) {
            Entry e = partitions.get(r.partition());
            if (e == null) {
                e = new Entry(r.fetchOffset(), r.maxBytes());
                partitions.put(r.partition(), e);
            }
            e.fetchOffset = r.fetchOffset();
            e.maxBytes = r.maxBytes();
            e.currentLeaderEpoch = r.currentLeaderEpoch();
            e.lastFetchedEpoch = r.lastFetchedEpoch();
            e.touched = true;
        }
    }

    /** The session's partitions in fetch order. */
    public Map<SessionPartition, Entry> partitions() {
        return partitions;
    }

    public int size() {
        return partitions.size();
    }

    /**
     * Records what a response said about a partition and decides whether an incremental response must include
     * it: when it has records or an error, when an offset the client tracks changed, or when the client just
     * named it.
     */
    public boolean mustRespond(
            SessionPartition p,
            boolean hasRecords,
            boolean hasError,
            long highWatermark,
            long lastStable,
            long logStart) {
        Entry e = partitions.get(p);
        if (e == null) {
            return true;
        }
        boolean must = hasRecords || hasError || e.touched;
        if (e.highWatermark != highWatermark) {
            e.highWatermark = highWatermark;
            must = true;
        }
        if (e.lastStableOffset != lastStable) {
            e.lastStableOffset = lastStable;
            must = true;
        }
        if (e.logStartOffset != logStart) {
            e.logStartOffset = logStart;
            must = true;
        }
        return must;
    }

    /** Moves the partitions that were answered with records to the end, for fairness under size limits. */
    public void rotate(List<SessionPartition> answered) {
        for (SessionPartition p : answered) {
            Entry e = partitions.remove(p);
            if (e != null) {
                partitions.put(p, e);
            }
        }
    }

    void forEachPartition(java.util.function.BiConsumer<SessionPartition, Entry> action) {
        for (Iterator<Map.Entry<SessionPartition, Entry>> it =
                        partitions.entrySet().iterator();
                it.hasNext(); ) {
            Map.Entry<SessionPartition, Entry> en = it.next();
            action.accept(en.getKey(), en.getValue());
        }
    }
}
