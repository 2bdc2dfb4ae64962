package io.runnel.metadata;

import java.util.List;

/**
 * A broker as the cluster knows it: its node id, rack (null when none) and the listeners clients reach it on
 * (advertised host and port, after port 0 was resolved). Immutable.
 */
public record BrokerRegistration(int nodeId, String rack, List<Listener> listeners) {

    public BrokerRegistration {
        listeners = List.copyOf(listeners);
    }

    /** One advertised listener. */
    public record Listener(String name, String host, int port) {}
}
