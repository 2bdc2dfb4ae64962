package io.runnel.coordinator;

/**
 * What the coordinator needs to know about a request besides its body.
 *
 * @param apiVersion the version the request was sent (and must be answered) at
 * @param clientId the client id of the request header ("" when absent)
 * @param clientHost the client's address as DescribeGroups reports it; Kafka uses {@code InetAddress.toString()},
 *     e.g. {@code /127.0.0.1}
 */
public record RequestContext(short apiVersion, String clientId, String clientHost) {

    public RequestContext {
        clientId = clientId == null ? "" : clientId;
        clientHost = clientHost == null ? "" : clientHost;
    }

    public static RequestContext of(int apiVersion, String clientId, String clientHost) {
        return new RequestContext((short) apiVersion, clientId, clientHost);
    }
}
