package io.runnel.broker;

import io.runnel.broker.network.Endpoint;
import java.util.List;

/**
 * Who this broker is to clients: node id, cluster id, rack, and the endpoints it advertises (with ports resolved
 * after binding, so port 0 advertises the real port). Immutable.
 */
public record BrokerIdentity(int nodeId, String clusterId, String rack, List<Endpoint> advertised) {

    /** The endpoint advertised for a listener, falling back to the first one. */
    public Endpoint endpointFor(String listenerName) {
        for (Endpoint e : advertised) {
            if (e.listenerName().equals(listenerName)) {
                return e;
            }
        }
        return advertised.get(0);
    }
}
