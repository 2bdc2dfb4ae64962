package io.runnel.broker.network;

import io.netty.channel.Channel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The open client connections of a server, bounded by {@code max.connections}. Thread-safe. */
final class ConnectionRegistry {

    private final int max;
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();

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
}
