package io.runnel.broker.network;

import io.netty.channel.Channel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open client connections of a server, bounded by {@code max.connections}, and the most requests any of them
 * has had queued at once (see {@code queued.max.requests}). Thread-safe.
 */
final class ConnectionRegistry {

    private final int max;
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private final AtomicInteger peakQueued = new AtomicInteger();

    ConnectionRegistry(int max) {
        this.max = max;
    }

    int max() {
        return max;
    }

    /** Admits a connection unless the limit is reached. */
    synchronized boolean tryAdd(Channel channel) {
        if (channels.size() >= max) {
            return false;
        }
        channels.add(channel);
        return true;
    }

    void remove(Channel channel) {
        channels.remove(channel);
    }

    int size() {
        return channels.size();
    }

    Set<Channel> channels() {
        return channels;
    }

    /** A connection has {@code queued} requests queued; keeps the maximum. */
    void recordQueued(int queued) {
        peakQueued.accumulateAndGet(queued, Math::max);
    }

    int peakQueued() {
        return peakQueued.get();
    }

    /** Connections that are not reading right now (back-pressure, or closing). */
    int pausedCount() {
        int n = 0;
        for (Channel c : channels) {
            if (!c.config().isAutoRead()) {
                n++;
            }
        }
        return n;
    }
}
