package io.runnel.broker.network;

import io.runnel.protocol.ApiKeys;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * What a handler knows about the request it serves besides the body: who sent it, over which connection, and at
 * which version. One per request; handlers may register file-backed records to be sent without copying.
 *
 * <p>Not thread-safe: created and used on the connection's event loop, then read by the response encoder.
 */
public final class RequestContext {

    private final String connectionId;
    private final InetAddress clientAddress;
    private final String clientId;
    private final ApiKeys apiKey;
    private final short apiVersion;
    private final int correlationId;
    private final String listenerName;
    private final long receivedNanos;
    private List<SpliceableRecords> splices;

    public RequestContext(
            String connectionId,
            InetAddress clientAddress,
            String clientId,
            ApiKeys apiKey,
            short apiVersion,
            int correlationId,
            String listenerName,
            long receivedNanos) {
        this.connectionId = connectionId;
        this.clientAddress = clientAddress;
        this.clientId = clientId == null ? "" : clientId;
        this.apiKey = apiKey;
        this.apiVersion = apiVersion;
        this.correlationId = correlationId;
        this.listenerName = listenerName;
        this.receivedNanos = receivedNanos;
    }

    public String connectionId() {
        return connectionId;
    }

    public InetAddress clientAddress() {
        return clientAddress;
    }

    /** The client host as Kafka reports it in group descriptions: "/127.0.0.1". */
    public String clientHost() {
        return clientAddress == null ? "" : "/" + clientAddress.getHostAddress();
    }

    public String clientId() {
        return clientId;
    }

    public ApiKeys apiKey() {
        return apiKey;
    }

    public short apiVersion() {
        return apiVersion;
    }

    public int correlationId() {
        return correlationId;
    }

    public String listenerName() {
        return listenerName;
    }

    public long receivedNanos() {
        return receivedNanos;
    }

    /**
     * Registers records that the response will carry as a file region: they write nothing into the response buffer
     * and are spliced in at the position where they would have been written.
     */
    public void addSplice(SpliceableRecords records) {
        if (splices == null) {
            splices = new ArrayList<>(4);
        }
        splices.add(records);
    }

    List<SpliceableRecords> splices() {
        return splices == null ? List.of() : splices;
    }
}
