package io.runnel.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.runnel.broker.Broker;
import io.runnel.protocol.ApiKeys;
import io.runnel.protocol.ApiMessage;
import io.runnel.protocol.message.DescribeClusterRequestData;
import io.runnel.protocol.message.ProduceRequestData;
import io.runnel.protocol.message.RequestHeaderData;
import io.runnel.protocol.message.ResponseHeaderData;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeClusterResponse;
import org.apache.kafka.common.requests.ProduceResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests that a handler refuses as a whole get the generated error response over the wire, read by
 * kafka-clients' own response classes: every partition of a refused Produce carries the error, named as the
 * request named it.
 */
class WholeRequestErrorResponseTest {

    @TempDir
    Path dir;

    private Broker broker;
    private Socket socket;
    private int correlation;

    @BeforeEach
    void start() throws Exception {
        broker = RunnelNode.builder(Map.of("listeners", "PLAINTEXT://127.0.0.1:0", "log.dir", dir.toString()))
                .build()
                .start()
                .broker();
        socket = new Socket("127.0.0.1", broker.boundPort());
        socket.setSoTimeout(20_000);
    }

    @AfterEach
    void stop() throws IOException {
        socket.close();
        broker.shutdown();
    }

    @Test
    void aProduceWithInvalidAcksFailsEveryPartitionOfEveryTopicWithInvalidRequiredAcks() throws Exception {
        ProduceRequestData request = new ProduceRequestData().setAcks((short) 5).setTimeoutMs(1000);
        for (String topic : new String[] {"a", "b"}) {
            ProduceRequestData.TopicProduceData t = new ProduceRequestData.TopicProduceData().setName(topic);
            t.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(0));
            t.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(2));
            request.topicData().add(t);
        }
        short version = 11;
        ProduceResponse response = (ProduceResponse) AbstractResponse.parseResponse(
                org.apache.kafka.common.protocol.ApiKeys.PRODUCE, call(ApiKeys.PRODUCE, version, request), version);

        assertThat(response.errorCounts()).containsExactly(Map.entry(Errors.INVALID_REQUIRED_ACKS, 4));
        assertThat(response.data().responses()).extracting(t -> t.name()).containsExactly("a", "b");
        assertThat(response.data().responses()).allSatisfy(t -> assertThat(t.partitionResponses())
                .extracting(p -> p.index(), p -> p.baseOffset())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0, -1L), org.assertj.core.groups.Tuple.tuple(2, -1L)));
    }

    @Test
    void aDescribeClusterForControllerEndpointsIsRefusedWithTheClusterIdStillSet() throws Exception {
        short version = 1;
        DescribeClusterResponse response = (DescribeClusterResponse) AbstractResponse.parseResponse(
                org.apache.kafka.common.protocol.ApiKeys.DESCRIBE_CLUSTER,
                call(ApiKeys.DESCRIBE_CLUSTER, version, new DescribeClusterRequestData().setEndpointType((byte) 2)),
                version);

        assertThat(response.data().errorCode()).isEqualTo(Errors.UNSUPPORTED_ENDPOINT_TYPE.code());
        assertThat(response.data().errorMessage()).isEqualTo("Only broker endpoints");
        assertThat(response.data().clusterId()).isNotEmpty();
    }

    /** Sends one request and returns the response body, past its header, for kafka-clients to parse. */
    private ByteBufferAccessor call(ApiKeys key, short version, ApiMessage request) throws IOException {
        short headerVersion = key.requestHeaderVersion(version);
        RequestHeaderData header = new RequestHeaderData()
                .setRequestApiKey(key.id)
                .setRequestApiVersion(version)
                .setCorrelationId(++correlation)
                .setClientId("whole-request-errors");
        ByteBuf out = Unpooled.buffer();
        out.writeInt(header.size(headerVersion) + request.size(version));
        header.write(out, headerVersion);
        request.write(out, version);
        DataOutputStream os = new DataOutputStream(socket.getOutputStream());
        os.write(ByteBufUtil.getBytes(out));
        os.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] body = new byte[in.readInt()];
        in.readFully(body);
        ByteBuf buf = Unpooled.wrappedBuffer(body);
        ResponseHeaderData responseHeader = new ResponseHeaderData(buf, key.responseHeaderVersion(version));
        assertThat(responseHeader.correlationId()).isEqualTo(correlation);
        return new ByteBufferAccessor(ByteBuffer.wrap(ByteBufUtil.getBytes(buf)));
    }
}
