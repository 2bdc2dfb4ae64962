package io.runnel.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.runnel.common.Uuid;
import io.runnel.protocol.RandomMessages.Impl;
import io.runnel.protocol.codegen.MessageSpec;
import io.runnel.protocol.message.DeleteTopicsRequestData;
import io.runnel.protocol.message.DeleteTopicsResponseData;
import io.runnel.protocol.message.FetchRequestData;
import io.runnel.protocol.message.FetchResponseData;
import io.runnel.protocol.message.OffsetFetchRequestData;
import io.runnel.protocol.message.OffsetFetchResponseData;
import io.runnel.protocol.message.ProduceRequestData;
import io.runnel.protocol.message.ProduceResponseData;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.AbstractResponse;
import org.junit.jupiter.api.Test;

/**
 * The generated {@code errorResponse} of every request: for every API key and every version, random requests (the
 * same generator as {@link MessageFidelityTest}) yield error responses that encode, decode back to an equal object,
 * decode with kafka-clients, and carry the code in every error-code field the version has, which kafka-clients'
 * own {@code errorCounts()} confirms.
 */
class ErrorResponseTest {

    private static final short CODE = 31; // CLUSTER_AUTHORIZATION_FAILED
    private static final int TRIALS = 8;

    /**
     * The (API, version) pairs whose error response carries the code nowhere: DescribeLogDirs before v3 has no
     * top-level error code and its results are per log directory, not per request item; AlterReplicaLogDirs
     * answers per topic what the request asks per directory, and AlterUserScramCredentials answers deletions and
     * upsertions in one list keyed by {@code User} where the request says {@code Name}. Neither layout can be
     * derived from the specs; a handler of those APIs builds its error response itself.
     */
    private static final List<String> NO_PLACE_FOR_AN_ERROR = List.of(
            "AlterReplicaLogDirs v1",
            "AlterReplicaLogDirs v2",
            "AlterUserScramCredentials v0",
            "DescribeLogDirs v1",
            "DescribeLogDirs v2");

    @Test
    void everyApiAndVersionGetsAnErrorResponseThatEncodesAndCarriesTheCodeEverywhere() throws Exception {
        long seed = Long.getLong("fidelity.seed", 0x5EED_2026L);
        List<String> failures = new ArrayList<>();
        TreeSet<String> nowhere = new TreeSet<>();
        int pairs = 0;
        for (MessageSpec spec : MessageFidelityTest.loadSpecs()) {
            if (spec.apiKey() == null || !spec.type().equals("request")) {
                continue;
            }
            String api = spec.name().substring(0, spec.name().length() - "Request".length());
            for (short v = spec.validVersions().lowest();
                    v <= spec.validVersions().highest();
                    v++) {
                pairs++;
                RandomMessages requests = new RandomMessages(
                        spec, new Random(seed * 31 + spec.name().hashCode() + v));
                int carried = 0;
                try {
                    for (int t = 0; t < TRIALS; t++) {
                        ApiRequest<?> request = (ApiRequest<?>) requests.newMessage(Impl.RUNNEL, v);
                        carried += check(spec, request, v);
                    }
                } catch (Throwable e) {
                    failures.add(api + " v" + v + ": " + e);
                }
                if (carried == 0) {
                    nowhere.add(api + " v" + v);
                }
            }
        }
        System.out.printf("ErrorResponseTest: %d (API, version) pairs, seed %d%n", pairs, seed);
        assertThat(failures).as("error responses that failed a check").isEmpty();
        assertThat(nowhere)
                .as("pairs whose error response carried the code nowhere")
                .isEqualTo(new TreeSet<>(NO_PLACE_FOR_AN_ERROR));
        int everyVersionOfEveryKey = 0;
        for (ApiKeys key : ApiKeys.values()) {
            everyVersionOfEveryKey += Math.max(0, key.latestVersion(true) - key.oldestVersion() + 1);
        }
        assertThat(pairs).isEqualTo(everyVersionOfEveryKey);
    }

    /** Checks one error response and returns how many error-code fields on the wire carry the code. */
    private static int check(MessageSpec spec, ApiRequest<?> request, short version) throws Exception {
        ApiMessage response = request.errorResponse(version, CODE, "refused");
        assertThat(response.apiKey()).isEqualTo(request.apiKey());
        byte[] bytes = encode(response, version);

        Message decoded = response.getClass()
                .getConstructor(ByteBuf.class, short.class)
                .newInstance(Unpooled.wrappedBuffer(bytes), version);
        assertThat(decoded).isEqualTo(response);

        int carried = carriedCodes(decoded, decoded, version);
        int carriedAtTheTop = carriedCodes(decoded, decoded, version, false);
        Map<org.apache.kafka.common.protocol.Errors, Integer> counts = AbstractResponse.parseResponse(
                        org.apache.kafka.common.protocol.ApiKeys.forId(spec.apiKey()),
                        new ByteBufferAccessor(ByteBuffer.wrap(bytes)),
                        version)
                .errorCounts();
        // kafka-clients counts the errors of result items; some of its responses leave a top-level code out.
        if (carried > carriedAtTheTop) {
            assertThat(counts)
                    .as("kafka-clients' errorCounts of " + response)
                    .containsKey(org.apache.kafka.common.protocol.Errors.forCode(CODE));
        }
        return carried;
    }

    /**
     * Walks every struct of {@code m}; each error code that the version puts on the wire (setting it to another
     * value changes the encoding of {@code root}, or cannot be written) must be the code.
     */
    private static int carriedCodes(Message root, Object m, short version) throws Exception {
        return carriedCodes(root, m, version, true);
    }

    private static int carriedCodes(Message root, Object m, short version, boolean descend) throws Exception {
        int carried = 0;
        for (Method getter : m.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || getter.getName().equals("unknownTaggedFields")) {
                continue;
            }
            String name = getter.getName();
            if ((name.equals("errorCode") || name.equals("partitionErrorCode"))
                    && getter.getReturnType() == short.class) {
                short code = (short) getter.invoke(m);
                Method setter = m.getClass()
                        .getMethod("set" + Character.toUpperCase(name.charAt(0)) + name.substring(1), short.class);
                byte[] before = encode(root, version);
                setter.invoke(m, (short) (code + 1));
                boolean onTheWire;
                try {
                    onTheWire = !Arrays.equals(before, encode(root, version));
                } catch (UnsupportedVersionException e) {
                    onTheWire = false;
                }
                setter.invoke(m, code);
                if (onTheWire) {
                    assertThat(code).as("error code of " + m).isEqualTo(CODE);
                    carried++;
                }
            } else if (!descend) {
                continue;
            } else if (List.class.isAssignableFrom(getter.getReturnType())) {
                List<?> items = (List<?>) getter.invoke(m);
                if (items != null) {
                    for (Object item : items) {
                        if (item instanceof Message) {
                            carried += carriedCodes(root, item, version);
                        }
                    }
                }
            } else if (Message.class.isAssignableFrom(getter.getReturnType())) {
                Object child = getter.invoke(m);
                if (child != null) {
                    carried += carriedCodes(root, child, version);
                }
            }
        }
        return carried;
    }

    @Test
    void produceAnswersEveryPartitionByTopicNameBeforeV13AndByTopicIdFromV13() {
        Uuid id = new Uuid(7, 9);
        ProduceRequestData request = new ProduceRequestData();
        ProduceRequestData.TopicProduceData topic =
                new ProduceRequestData.TopicProduceData().setName("orders").setTopicId(id);
        topic.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(0));
        topic.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(3));
        request.topicData().add(topic);

        ProduceResponseData v12 = request.errorResponse((short) 12, CODE, "refused");
        assertThat(v12.responses()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("orders");
            assertThat(t.partitionResponses())
                    .extracting(ProduceResponseData.PartitionProduceResponse::index)
                    .containsExactly(0, 3);
            assertThat(t.partitionResponses()).allSatisfy(p -> {
                assertThat(p.errorCode()).isEqualTo(CODE);
                assertThat(p.errorMessage()).isEqualTo("refused");
                assertThat(p.baseOffset()).isEqualTo(-1L);
            });
        });
        ProduceResponseData v13 = request.errorResponse((short) 13, CODE, null);
        assertThat(v13.responses()).singleElement().satisfies(t -> {
            assertThat(t.topicId()).isEqualTo(id);
            assertThat(t.name()).isEmpty();
        });
        assertThat(ByteBufUtil.getBytes(Unpooled.wrappedBuffer(encode(v13, (short) 13))))
                .isNotEmpty();
    }

    @Test
    void deleteTopicsAnswersTopicNamesBeforeV6AndTopicStatesFromV6() {
        DeleteTopicsRequestData request = new DeleteTopicsRequestData();
        request.topicNames().addAll(List.of("a", "b"));
        request.topics().add(new DeleteTopicsRequestData.DeleteTopicState().setName("c"));

        assertThat(request.errorResponse((short) 5, CODE, null).responses())
                .extracting(DeleteTopicsResponseData.DeletableTopicResult::name)
                .containsExactly("a", "b");
        assertThat(request.errorResponse((short) 6, CODE, null).responses())
                .extracting(DeleteTopicsResponseData.DeletableTopicResult::name, r -> r.errorCode())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("c", CODE));
    }

    @Test
    void offsetFetchCarriesTheCodeOnEveryPartitionBeforeV8AndOnEveryGroupFromV8() {
        OffsetFetchRequestData legacy = new OffsetFetchRequestData().setGroupId("g");
        legacy.topics()
                .add(new OffsetFetchRequestData.OffsetFetchRequestTopic()
                        .setName("t")
                        .setPartitionIndexes(new ArrayList<>(List.of(1, 2))));
        OffsetFetchResponseData v1 = legacy.errorResponse((short) 1, CODE, null);
        assertThat(v1.errorCode()).as("v1 has no top-level error code").isZero();
        assertThat(v1.topics().get(0).partitions())
                .extracting(p -> p.partitionIndex(), p -> p.errorCode(), p -> p.committedOffset())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, CODE, -1L),
                        org.assertj.core.groups.Tuple.tuple(2, CODE, -1L));
        assertThat(legacy.errorResponse((short) 7, CODE, null).errorCode()).isEqualTo(CODE);

        OffsetFetchRequestData batched = new OffsetFetchRequestData();
        batched.groups().add(new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId("g1"));
        batched.groups().add(new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId("g2"));
        assertThat(batched.errorResponse((short) 8, CODE, null).groups())
                .extracting(g -> g.groupId(), g -> g.errorCode())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("g1", CODE),
                        org.assertj.core.groups.Tuple.tuple("g2", CODE));
    }

    @Test
    void fetchAnswersEveryRequestedPartitionByIndexAndNotTheForgottenTopics() {
        FetchRequestData request = new FetchRequestData();
        FetchRequestData.FetchTopic topic = new FetchRequestData.FetchTopic().setTopic("t");
        topic.partitions().add(new FetchRequestData.FetchPartition().setPartition(4));
        topic.partitions().add(new FetchRequestData.FetchPartition().setPartition(7));
        request.topics().add(topic);
        request.forgottenTopicsData().add(new FetchRequestData.ForgottenTopic().setTopic("gone"));

        FetchResponseData response = request.errorResponse((short) 12, CODE, null);
        assertThat(response.errorCode()).isEqualTo(CODE);
        assertThat(response.responses()).singleElement().satisfies(t -> {
            assertThat(t.topic()).isEqualTo("t");
            assertThat(t.partitions())
                    .extracting(p -> p.partitionIndex(), p -> p.errorCode(), p -> p.highWatermark())
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(4, CODE, -1L),
                            org.assertj.core.groups.Tuple.tuple(7, CODE, -1L));
        });
    }

    private static byte[] encode(Message m, short version) {
        ByteBuf out = Unpooled.buffer(m.size(version));
        m.write(out, version);
        return ByteBufUtil.getBytes(out);
    }
}
