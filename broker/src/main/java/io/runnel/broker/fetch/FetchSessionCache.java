package io.runnel.broker.fetch;

import io.runnel.common.time.Time;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The broker's incremental fetch sessions, at most {@code max.incremental.fetch.session.cache.slots} of them. When
 * full, a new session evicts the least recently used idle one; sessions unused for longer than the idle timeout
 * are evicted first. A session is lent to one request at a time ({@link #acquire}/{@link #release}); a concurrent
 * request for the same session is told the epoch is wrong, as Kafka does.
 *
 * <p>Thread-safe (synchronized; sessions are touched briefly per request).
 */
public final class FetchSessionCache {

    /** Why a session could not be used. */
    public enum Lookup {
        OK,
        NOT_FOUND,
        INVALID_EPOCH
    }

    private final int maxSessions;
    private final long idleTimeoutMs;
    private final Time time;
    private final Map<Integer, FetchSession> sessions = new HashMap<>();

    public FetchSessionCache(int maxSessions, long idleTimeoutMs, Time time) {
        this.maxSessions = maxSessions;
        this.idleTimeoutMs = idleTimeoutMs;
        this.time = time;
    }

    /** Creates a session, or returns null when there is no room (the client then fetches without one). */
    public synchronized FetchSession create() {
        long now = time.milliseconds();
        if (maxSessions == 0) {
            return null;
        }
        if (sessions.size() >= maxSessions) {
            FetchSession victim = null;
            for (FetchSession s : sessions.values()) {
                if (!s.busy && (victim == null || s.lastUsedMs < victim.lastUsedMs)) {
                    victim = s;
                }
            }
            if (victim == null) {
                return null;
            }
            sessions.remove(victim.id());
        }
        int id;
        do {
            id = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
        } while (sessions.containsKey(id));
        FetchSession session = new FetchSession(id, now);
        session.busy = true;
        sessions.put(id, session);
        return session;
    }

    /** The result of {@link #acquire}: the session when {@code lookup} is OK. */
    public record Acquired(Lookup lookup, FetchSession session) {}

    /** Lends a session to an incremental request carrying {@code epoch}. */
    public synchronized Acquired acquire(int id, int epoch) {
        expireIdle();
        FetchSession s = sessions.get(id);
        if (s == null) {
            return new Acquired(Lookup.NOT_FOUND, null);
        }
        if (s.busy || s.expectedEpoch() != epoch) {
            return new Acquired(Lookup.INVALID_EPOCH, null);
        }
        s.busy = true;
        s.advanceEpoch();
        s.lastUsedMs = time.milliseconds();
        return new Acquired(Lookup.OK, s);
    }

    /** Returns a session after its request; the next request must carry the following epoch. */
    public synchronized void release(FetchSession session) {
        session.busy = false;
        session.lastUsedMs = time.milliseconds();
    }

    /** Ends a session (epoch -1 from the client). */
    public synchronized void remove(int id) {
        sessions.remove(id);
    }

    public synchronized int size() {
        return sessions.size();
    }

    private void expireIdle() {
        long now = time.milliseconds();
        sessions.values().removeIf(s -> !s.busy && now - s.lastUsedMs > idleTimeoutMs);
    }
}
