package io.runnel.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.runnel.broker.Broker;
import io.runnel.common.Uuid;
import io.runnel.common.time.Time;
import io.runnel.protocol.ApiKeys;
import io.runnel.protocol.ApiMessage;
import io.runnel.protocol.Errors;
import io.runnel.protocol.message.AlterConfigsRequestData;
import io.runnel.protocol.message.ApiVersionsRequestData;
import io.runnel.protocol.message.ApiVersionsResponseData;
import io.runnel.protocol.message.ConsumerGroupDescribeRequestData;
import io.runnel.protocol.message.ConsumerGroupHeartbeatRequestData;
import io.runnel.protocol.message.CreatePartitionsRequestData;
import io.runnel.protocol.message.CreateTopicsRequestData;
import io.runnel.protocol.message.DeleteGroupsRequestData;
import io.runnel.protocol.message.DeleteRecordsRequestData;
import io.runnel.protocol.message.DeleteTopicsRequestData;
import io.runnel.protocol.message.DeleteTopicsResponseData;
import io.runnel.protocol.message.DescribeClusterRequestData;
import io.runnel.protocol.message.DescribeConfigsRequestData;
import io.runnel.protocol.message.DescribeGroupsRequestData;
import io.runnel.protocol.message.DescribeLogDirsRequestData;
import io.runnel.protocol.message.FetchRequestData;
import io.runnel.protocol.message.FetchResponseData;
import io.runnel.protocol.message.FindCoordinatorRequestData;
import io.runnel.protocol.message.HeartbeatRequestData;
import io.runnel.protocol.message.IncrementalAlterConfigsRequestData;
import io.runnel.protocol.message.InitProducerIdRequestData;
import io.runnel.protocol.message.JoinGroupRequestData;
import io.runnel.protocol.message.LeaveGroupRequestData;
import io.runnel.protocol.message.ListGroupsRequestData;
import io.runnel.protocol.message.ListOffsetsRequestData;
import io.runnel.protocol.message.MetadataRequestData;
import io.runnel.protocol.message.MetadataResponseData;
import io.runnel.protocol.message.OffsetCommitRequestData;
import io.runnel.protocol.message.OffsetDeleteRequestData;
import io.runnel.protocol.message.OffsetFetchRequestData;
import io.runnel.protocol.message.OffsetForLeaderEpochRequestData;
import io.runnel.protocol.message.ProduceRequestData;
import io.runnel.protocol.message.ProduceResponseData;
import io.runnel.protocol.message.RequestHeaderData;
import io.runnel.protocol.message.ResponseHeaderData;
import io.runnel.protocol.message.SyncGroupRequestData;
import io.runnel.protocol.record.MemoryRecords;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every API the broker advertises, at every version it advertises, with a realistic request: the response must
 * arrive, decode completely at that version, and carry exactly the error codes expected (every error code in the
 * response, found by walking the generated message, is NONE except the few failures the requests provoke on
 * purpose). Produce v0-2, advertised but not served, closes only its connection. Older clients use old versions,
 * and a field a version cannot carry would otherwise close their connection.
 */
class ApiVersionSweepTest {

    @TempDir
    Path dir;

    private RunnelNode node;
    private Broker broker;
    private Socket socket;
    private int correlation;
    private Uuid topicId;

    @BeforeEach
    void start() throws Exception {
        node = RunnelNode.builder(Map.of(
                        "listeners", "PLAINTEXT://127.0.0.1:0",
                        "log.dir", dir.toString(),
                        "group.initial.rebalance.delay.ms", "0",
                        "offsets.topic.num.partitions", "3"))
                .time(Time.SYSTEM)
                .build()
                .start();
        broker = node.broker();
        topicId = broker.controller()
                .createTopic(new io.runnel.metadata.NewTopic("sweep", 1, (short) -1, Map.of(), Map.of()), false)
                .get()
                .id();
        broker.controller()
                .createTopic(new io.runnel.metadata.NewTopic("grow", 1, (short) -1, Map.of(), Map.of()), false)
                .get();
        socket = new Socket("127.0.0.1", broker.boundPort());
        socket.setSoTimeout(20_000);
    }

    @AfterEach
    void stop() throws IOException {
        socket.close();
        node.stop();
    }

    private ApiMessage call(ApiKeys key, short version, ApiMessage request) throws IOException {
        short headerVersion = key.requestHeaderVersion(version);
        RequestHeaderData header = new RequestHeaderData()
                .setRequestApiKey(key.id)
                .setRequestApiVersion(version)
                .setCorrelationId(++correlation)
                .setClientId("sweep");
        ByteBuf out = Unpooled.buffer();
        out.writeInt(header.size(headerVersion) + request.size(version));
        header.write(out, headerVersion);
        request.write(out, version);
        DataOutputStream os = new DataOutputStream(socket.getOutputStream());
        os.write(out.array(), out.arrayOffset(), out.readableBytes());
        os.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        int size = in.readInt();
        byte[] body = new byte[size];
        in.readFully(body);
        ByteBuf buf = Unpooled.wrappedBuffer(body);
        ResponseHeaderData rh = new ResponseHeaderData(buf, key.responseHeaderVersion(version));
        assertThat(rh.correlationId()).isEqualTo(correlation);
        ApiMessage response = key.newResponse();
        response.read(buf, version);
        assertThat(buf.readableBytes())
                .as("%s v%d response fully decoded", key, version)
                .isZero();
        return response;
    }

    private static MemoryRecords batch() {
        MemoryRecordsBuilder b = org.apache.kafka.common.record.internal.MemoryRecords.builder(
                ByteBuffer.allocate(1024), Compression.NONE, TimestampType.CREATE_TIME, 0L);
        b.append(new SimpleRecord(System.currentTimeMillis(), "k".getBytes(), "v".getBytes()));
        ByteBuffer bytes = b.build().buffer();
        byte[] array = new byte[bytes.remaining()];
        bytes.get(array);
        return MemoryRecords.wrap(array);
    }

    @Test
    void everyAdvertisedApiAnswersEveryAdvertisedVersion() throws Exception {
        ApiVersionsResponseData versions = (ApiVersionsResponseData) call(
                ApiKeys.API_VERSIONS,
                (short) 3,
                new ApiVersionsRequestData().setClientSoftwareName("sweep").setClientSoftwareVersion("1.0"));
        Map<ApiKeys, Function<Short, ApiMessage>> requests = requests();
        int calls = 0;
        List<String> untested = new ArrayList<>();
        for (ApiVersionsResponseData.ApiVersion v : versions.apiKeys()) {
            ApiKeys key = ApiKeys.forId(v.apiKey());
            Function<Short, ApiMessage> factory = requests.get(key);
            if (factory == null) {
                untested.add(key.name());
                continue;
            }
            short min = key == ApiKeys.PRODUCE ? 3 : v.minVersion();
            for (short version = min; version <= v.maxVersion(); version++) {
                ApiMessage response = call(key, version, factory.apply(version));
                check(key, version, response);
                Map<String, Short> errors = new java.util.TreeMap<>();
                errorCodes(response, key.name(), errors);
                errors.values().removeIf(c -> c == Errors.NONE.code());
                assertThat(errors)
                        .as("%s v%d: the error codes in the response (every other one is NONE)", key, version)
                        .isEqualTo(expectedErrors(key, version));
                calls++;
            }
        }
        System.out.println("ApiVersionSweepTest: " + calls + " (api, version) calls");
        assertThat(untested)
                .as("advertised APIs this sweep does not know how to call")
                .isEmpty();
    }

    @Test
    void aLeaderEpochFromTheFutureIsUnknownAndOneFromThePastIsFenced() throws Exception {
        for (int[] c : new int[][] {{5, 75}, {0, 0}, {-1, 0}}) {
            ListOffsetsRequestData request = new ListOffsetsRequestData()
                    .setReplicaId(-1)
                    .setTopics(new ArrayList<>(List.of(new ListOffsetsRequestData.ListOffsetsTopic()
                            .setName("sweep")
                            .setPartitions(new ArrayList<>(List.of(new ListOffsetsRequestData.ListOffsetsPartition()
                                    .setPartitionIndex(0)
                                    .setCurrentLeaderEpoch(c[0])
                                    .setTimestamp(-1)))))));
            io.runnel.protocol.message.ListOffsetsResponseData r =
                    (io.runnel.protocol.message.ListOffsetsResponseData) call(ApiKeys.LIST_OFFSETS, (short) 9, request);
            assertThat(r.topics().get(0).partitions().get(0).errorCode())
                    .as("current leader epoch %d", c[0])
                    .isEqualTo((short) c[1]);
        }
    }

    @Test
    void aTopicIdNobodyKnowsIsAnsweredWithUnknownTopicIdByEveryApiThatNamesTopicsById() throws Exception {
        Uuid unknown = Uuid.randomUuid();
        short unknownTopicId = Errors.UNKNOWN_TOPIC_ID.code();

        MetadataResponseData metadata = (MetadataResponseData) call(
                ApiKeys.METADATA,
                (short) 12,
                new MetadataRequestData()
                        .setTopics(new ArrayList<>(List.of(
                                new MetadataRequestData.MetadataRequestTopic()
                                        .setName(null)
                                        .setTopicId(unknown),
                                new MetadataRequestData.MetadataRequestTopic()
                                        .setName(null)
                                        .setTopicId(topicId))))
                        .setAllowAutoTopicCreation(true));
        assertThat(metadata.topics()).hasSize(2);
        assertThat(metadata.topics().get(0).errorCode()).isEqualTo(unknownTopicId);
        assertThat(metadata.topics().get(0).topicId()).isEqualTo(unknown);
        assertThat(metadata.topics().get(0).name()).isNull();
        assertThat(metadata.topics().get(1).errorCode()).isZero();
        assertThat(metadata.topics().get(1).name()).isEqualTo("sweep");
        assertThat(metadata.topics().get(1).topicId()).isEqualTo(topicId);

        FetchResponseData fetch = (FetchResponseData) call(
                ApiKeys.FETCH,
                (short) 13,
                new FetchRequestData()
                        .setMaxWaitMs(0)
                        .setMinBytes(1)
                        .setMaxBytes(1 << 20)
                        .setSessionEpoch(-1)
                        .setTopics(new ArrayList<>(List.of(new FetchRequestData.FetchTopic()
                                .setTopic("")
                                .setTopicId(unknown)
                                .setPartitions(new ArrayList<>(List.of(new FetchRequestData.FetchPartition()
                                        .setPartition(0)
                                        .setFetchOffset(0)
                                        .setPartitionMaxBytes(1 << 20))))))));
        assertThat(fetch.responses().get(0).topicId()).isEqualTo(unknown);
        assertThat(fetch.responses().get(0).partitions().get(0).errorCode()).isEqualTo(unknownTopicId);

        ProduceResponseData produce = (ProduceResponseData) call(
                ApiKeys.PRODUCE,
                (short) 13,
                new ProduceRequestData()
                        .setAcks((short) 1)
                        .setTimeoutMs(10_000)
                        .setTopicData(new ArrayList<>(List.of(new ProduceRequestData.TopicProduceData()
                                .setName("")
                                .setTopicId(unknown)
                                .setPartitionData(new ArrayList<>(List.of(new ProduceRequestData.PartitionProduceData()
                                        .setIndex(0)
                                        .setRecords(batch()))))))));
        assertThat(produce.responses()
                        .iterator()
                        .next()
                        .partitionResponses()
                        .get(0)
                        .errorCode())
                .isEqualTo(unknownTopicId);

        DeleteTopicsResponseData delete = (DeleteTopicsResponseData) call(
                ApiKeys.DELETE_TOPICS,
                (short) 6,
                new DeleteTopicsRequestData()
                        .setTimeoutMs(10_000)
                        .setTopics(new ArrayList<>(List.of(new DeleteTopicsRequestData.DeleteTopicState()
                                .setName(null)
                                .setTopicId(unknown)))));
        assertThat(delete.responses().iterator().next().errorCode()).isEqualTo(unknownTopicId);
    }

    @Test
    void produceBelowVersionThreeIsAdvertisedButClosesOnlyThatConnection() throws Exception {
        // Advertised from v0 for older librdkafka's sake (see ApiVersionsHandler), served from v3 as Kafka 4 does.
        // Our codec starts at v3 too, so the v2 request is a header (v1) and an empty body: the broker closes the
        // connection on the version alone.
        try (Socket other = new Socket("127.0.0.1", broker.boundPort())) {
            other.setSoTimeout(20_000);
            RequestHeaderData header = new RequestHeaderData()
                    .setRequestApiKey(ApiKeys.PRODUCE.id)
                    .setRequestApiVersion((short) 2)
                    .setCorrelationId(1)
                    .setClientId("sweep-old-producer");
            ByteBuf out = Unpooled.buffer();
            out.writeInt(header.size((short) 1));
            header.write(out, (short) 1);
            other.getOutputStream().write(out.array(), out.arrayOffset(), out.readableBytes());
            other.getOutputStream().flush();
            int read;
            try {
                read = other.getInputStream().read();
            } catch (java.net.SocketException reset) {
                read = -1;
            }
            assertThat(read)
                    .as("the v2 produce connection is closed without an answer")
                    .isEqualTo(-1);
        }
        MetadataResponseData metadata = (MetadataResponseData) call(
                ApiKeys.METADATA,
                (short) 12,
                new MetadataRequestData()
                        .setTopics(new ArrayList<>(
                                List.of(new MetadataRequestData.MetadataRequestTopic().setName("sweep"))))
                        .setAllowAutoTopicCreation(false));
        assertThat(metadata.topics().get(0).errorCode()).isZero();
    }

    @Test
    void metadataBelowVersionTwelveRefusesTopicIdsWithoutClosingTheConnection() throws Exception {
        MetadataResponseData metadata = (MetadataResponseData) call(
                ApiKeys.METADATA,
                (short) 11,
                new MetadataRequestData()
                        .setTopics(new ArrayList<>(
                                List.of(new MetadataRequestData.MetadataRequestTopic().setTopicId(topicId))))
                        .setAllowAutoTopicCreation(false));
        assertThat(metadata.topics().get(0).errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
    }

    /**
     * The non-zero error codes the sweep's requests must get, by path; every other error code in every response must
     * be NONE. The requests that fail do so on purpose: members nobody knows, groups that do not exist or are in use.
     */
    private static Map<String, Short> expectedErrors(ApiKeys key, short version) {
        Map<String, Short> m = new java.util.TreeMap<>();
        switch (key) {
            case JOIN_GROUP -> {
                if (version >= 4) {
                    // KIP-394: a new member's first join is answered with the id it must join with.
                    m.put("JOIN_GROUP.errorCode", Errors.MEMBER_ID_REQUIRED.code());
                }
            }
            case HEARTBEAT, SYNC_GROUP -> m.put(key.name() + ".errorCode", Errors.UNKNOWN_MEMBER_ID.code());
            case LEAVE_GROUP ->
                m.put(
                        version >= 3 ? "LEAVE_GROUP.members[0].errorCode" : "LEAVE_GROUP.errorCode",
                        Errors.UNKNOWN_MEMBER_ID.code());
            case DESCRIBE_GROUPS -> {
                if (version >= 6) {
                    m.put("DESCRIBE_GROUPS.groups[missing].errorCode", Errors.GROUP_ID_NOT_FOUND.code());
                }
            }
            case DELETE_GROUPS -> {
                m.put("DELETE_GROUPS.results[join-v0].errorCode", Errors.NON_EMPTY_GROUP.code());
                m.put("DELETE_GROUPS.results[missing].errorCode", Errors.GROUP_ID_NOT_FOUND.code());
            }
            case CONSUMER_GROUP_DESCRIBE ->
                m.put("CONSUMER_GROUP_DESCRIBE.groups[missing].errorCode", Errors.GROUP_ID_NOT_FOUND.code());
            default -> {
                // Every other request is valid and must succeed.
            }
        }
        return m;
    }

    /**
     * Every error code in a response, by its path (e.g. {@code SYNC_GROUP.errorCode} or
     * {@code DELETE_GROUPS.results[missing].errorCode}): walks the generated message's accessors.
     */
    static void errorCodes(Object message, String path, Map<String, Short> into) {
        for (java.lang.reflect.Method m : message.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(message);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (m.getName().equals("errorCode") && value instanceof Short code) {
                into.put(path + ".errorCode", code);
            } else if (value instanceof java.util.Collection<?> items) {
                int i = 0;
                for (Object item : items) {
                    if (isMessage(item)) {
                        errorCodes(item, path + "." + m.getName() + "[" + label(item, i) + "]", into);
                    }
                    i++;
                }
            } else if (isMessage(value)) {
                errorCodes(value, path + "." + m.getName(), into);
            }
        }
    }

    private static boolean isMessage(Object o) {
        return o != null && o.getClass().getName().startsWith("io.runnel.protocol.message.");
    }

    /** A readable key for a list element: its name, group id or index if it has one of those. */
    private static String label(Object item, int index) {
        for (String accessor : List.of("name", "groupId", "topic", "partitionIndex", "partition", "index")) {
            try {
                Object v = item.getClass().getMethod(accessor).invoke(item);
                if (v != null && !"".equals(v)) {
                    return String.valueOf(v);
                }
            } catch (ReflectiveOperationException e) {
                // Not this one.
            }
        }
        return String.valueOf(index);
    }

    private void check(ApiKeys key, short version, ApiMessage response) {
        if (key == ApiKeys.PRODUCE) {
            for (ProduceResponseData.TopicProduceResponse t : ((ProduceResponseData) response).responses()) {
                for (ProduceResponseData.PartitionProduceResponse p : t.partitionResponses()) {
                    assertThat(p.errorCode()).as("Produce v%d", version).isZero();
                    assertThat(p.baseOffset()).isGreaterThanOrEqualTo(0);
                }
            }
        } else if (key == ApiKeys.FETCH) {
            FetchResponseData fetch = (FetchResponseData) response;
            assertThat(fetch.errorCode()).as("Fetch v%d", version).isZero();
            FetchResponseData.PartitionData p =
                    fetch.responses().get(0).partitions().get(0);
            assertThat(p.errorCode()).as("Fetch v%d partition", version).isZero();
            assertThat(p.records().sizeInBytes())
                    .as("Fetch v%d returns records", version)
                    .isPositive();
        }
    }

    private Map<ApiKeys, Function<Short, ApiMessage>> requests() {
        Map<ApiKeys, Function<Short, ApiMessage>> m = new java.util.EnumMap<>(ApiKeys.class);
        m.put(
                ApiKeys.API_VERSIONS,
                v -> new ApiVersionsRequestData().setClientSoftwareName("sweep").setClientSoftwareVersion("1.0"));
        m.put(ApiKeys.METADATA, v -> new MetadataRequestData()
                .setTopics(new ArrayList<>(List.of(new MetadataRequestData.MetadataRequestTopic().setName("sweep"))))
                .setAllowAutoTopicCreation(v < 4));
        m.put(ApiKeys.PRODUCE, v -> new ProduceRequestData()
                .setAcks((short) -1)
                .setTimeoutMs(10_000)
                .setTopicData(new ArrayList<>(List.of(new ProduceRequestData.TopicProduceData()
                        .setName(v >= 13 ? "" : "sweep")
                        .setTopicId(v >= 13 ? topicId : Uuid.ZERO_UUID)
                        .setPartitionData(new ArrayList<>(List.of(new ProduceRequestData.PartitionProduceData()
                                .setIndex(0)
                                .setRecords(batch()))))))));
        m.put(ApiKeys.FETCH, v -> new FetchRequestData()
                .setMaxWaitMs(0)
                .setMinBytes(1)
                .setMaxBytes(1 << 20)
                .setSessionEpoch(-1)
                .setTopics(new ArrayList<>(List.of(new FetchRequestData.FetchTopic()
                        .setTopic(v >= 13 ? "" : "sweep")
                        .setTopicId(v >= 13 ? topicId : Uuid.ZERO_UUID)
                        .setPartitions(new ArrayList<>(List.of(new FetchRequestData.FetchPartition()
                                .setPartition(0)
                                .setFetchOffset(0)
                                .setPartitionMaxBytes(1 << 20))))))));
        m.put(ApiKeys.LIST_OFFSETS, v -> new ListOffsetsRequestData()
                .setReplicaId(-1)
                .setTopics(new ArrayList<>(List.of(new ListOffsetsRequestData.ListOffsetsTopic()
                        .setName("sweep")
                        .setPartitions(new ArrayList<>(List.of(new ListOffsetsRequestData.ListOffsetsPartition()
                                .setPartitionIndex(0)
                                .setTimestamp(v >= 7 ? -3 : -1))))))));
        m.put(ApiKeys.OFFSET_FOR_LEADER_EPOCH, v -> new OffsetForLeaderEpochRequestData()
                .setReplicaId(-1)
                .setTopics(new ArrayList<>(List.of(new OffsetForLeaderEpochRequestData.OffsetForLeaderTopic()
                        .setTopic("sweep")
                        .setPartitions(
                                new ArrayList<>(List.of(new OffsetForLeaderEpochRequestData.OffsetForLeaderPartition()
                                        .setPartition(0)
                                        .setLeaderEpoch(0))))))));
        m.put(ApiKeys.CREATE_TOPICS, v -> new CreateTopicsRequestData()
                .setTimeoutMs(10_000)
                .setTopics(new ArrayList<>(List.of(new CreateTopicsRequestData.CreatableTopic()
                        .setName("created-v" + v)
                        .setNumPartitions(1)
                        .setReplicationFactor((short) 1)
                        .setConfigs(new ArrayList<>(List.of(new CreateTopicsRequestData.CreatableTopicConfig()
                                .setName("retention.ms")
                                .setValue("100000"))))))));
        m.put(ApiKeys.DELETE_TOPICS, v -> {
            DeleteTopicsRequestData d = new DeleteTopicsRequestData().setTimeoutMs(10_000);
            String name = "created-v" + Math.min(v + 1, 7);
            if (v >= 6) {
                d.setTopics(new ArrayList<>(List.of(new DeleteTopicsRequestData.DeleteTopicState()
                        .setName(name)
                        .setTopicId(Uuid.ZERO_UUID))));
            } else {
                d.setTopicNames(new ArrayList<>(List.of(name)));
            }
            return d;
        });
        m.put(ApiKeys.CREATE_PARTITIONS, v -> new CreatePartitionsRequestData()
                .setTimeoutMs(10_000)
                .setTopics(new ArrayList<>(List.of(new CreatePartitionsRequestData.CreatePartitionsTopic()
                        .setName("grow")
                        .setCount(2 + v)
                        .setAssignments(null)))));
        m.put(ApiKeys.DESCRIBE_CONFIGS, v -> new DescribeConfigsRequestData()
                .setIncludeSynonyms(true)
                .setIncludeDocumentation(v >= 3)
                .setResources(new ArrayList<>(List.of(
                        new DescribeConfigsRequestData.DescribeConfigsResource()
                                .setResourceType((byte) 2)
                                .setResourceName("sweep")
                                .setConfigurationKeys(null),
                        new DescribeConfigsRequestData.DescribeConfigsResource()
                                .setResourceType((byte) 4)
                                .setResourceName("1")
                                .setConfigurationKeys(null)))));
        m.put(ApiKeys.ALTER_CONFIGS, v -> new AlterConfigsRequestData()
                .setResources(new ArrayList<>(List.of(new AlterConfigsRequestData.AlterConfigsResource()
                        .setResourceType((byte) 2)
                        .setResourceName("sweep")
                        .setConfigs(new ArrayList<>(List.of(new AlterConfigsRequestData.AlterableConfig()
                                .setName("retention.ms")
                                .setValue("200000"))))))));
        m.put(ApiKeys.INCREMENTAL_ALTER_CONFIGS, v -> new IncrementalAlterConfigsRequestData()
                .setResources(new ArrayList<>(List.of(new IncrementalAlterConfigsRequestData.AlterConfigsResource()
                        .setResourceType((byte) 2)
                        .setResourceName("sweep")
                        .setConfigs(new ArrayList<>(List.of(new IncrementalAlterConfigsRequestData.AlterableConfig()
                                .setName("retention.ms")
                                .setConfigOperation((byte) 0)
                                .setValue("300000"))))))));
        m.put(ApiKeys.DELETE_RECORDS, v -> new DeleteRecordsRequestData()
                .setTimeoutMs(10_000)
                .setTopics(new ArrayList<>(List.of(new DeleteRecordsRequestData.DeleteRecordsTopic()
                        .setName("sweep")
                        .setPartitions(new ArrayList<>(List.of(new DeleteRecordsRequestData.DeleteRecordsPartition()
                                .setPartitionIndex(0)
                                .setOffset(0))))))));
        m.put(ApiKeys.DESCRIBE_CLUSTER, v -> new DescribeClusterRequestData());
        m.put(ApiKeys.DESCRIBE_LOG_DIRS, v -> new DescribeLogDirsRequestData().setTopics(null));
        m.put(
                ApiKeys.INIT_PRODUCER_ID,
                v -> new InitProducerIdRequestData().setTransactionalId(null).setTransactionTimeoutMs(60_000));
        groupRequests(m);
        return m;
    }

    private void groupRequests(Map<ApiKeys, Function<Short, ApiMessage>> m) {
        m.put(
                ApiKeys.FIND_COORDINATOR,
                v -> v >= 4
                        ? new FindCoordinatorRequestData()
                                .setKeyType((byte) 0)
                                .setCoordinatorKeys(new ArrayList<>(List.of("g")))
                        : new FindCoordinatorRequestData().setKey("g"));
        m.put(ApiKeys.JOIN_GROUP, v -> new JoinGroupRequestData()
                .setGroupId("join-v" + v)
                .setSessionTimeoutMs(10_000)
                .setRebalanceTimeoutMs(v >= 1 ? 10_000 : -1)
                .setMemberId("")
                .setProtocolType("consumer")
                .setProtocols(new ArrayList<>(List.of(new JoinGroupRequestData.JoinGroupRequestProtocol()
                        .setName("range")
                        .setMetadata(new byte[] {0, 1})))));
        m.put(ApiKeys.SYNC_GROUP, v -> new SyncGroupRequestData()
                .setGroupId("g")
                .setGenerationId(1)
                .setMemberId("nobody"));
        m.put(ApiKeys.HEARTBEAT, v -> new HeartbeatRequestData()
                .setGroupId("g")
                .setGenerationId(1)
                .setMemberId("nobody"));
        m.put(
                ApiKeys.LEAVE_GROUP,
                v -> v >= 3
                        ? new LeaveGroupRequestData()
                                .setGroupId("g")
                                .setMembers(new ArrayList<>(
                                        List.of(new LeaveGroupRequestData.MemberIdentity().setMemberId("x"))))
                        : new LeaveGroupRequestData().setGroupId("g").setMemberId("x"));
        m.put(ApiKeys.OFFSET_COMMIT, v -> new OffsetCommitRequestData()
                .setGroupId("simple")
                .setGenerationIdOrMemberEpoch(-1)
                .setMemberId("")
                .setTopics(new ArrayList<>(List.of(new OffsetCommitRequestData.OffsetCommitRequestTopic()
                        .setName(v >= 10 ? "" : "sweep")
                        .setTopicId(v >= 10 ? topicId : Uuid.ZERO_UUID)
                        .setPartitions(
                                new ArrayList<>(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
                                        .setPartitionIndex(0)
                                        .setCommittedOffset(1)
                                        .setCommittedMetadata("m"))))))));
        m.put(
                ApiKeys.OFFSET_FETCH,
                v -> v >= 8
                        ? new OffsetFetchRequestData()
                                .setGroups(new ArrayList<>(List.of(
                                        new OffsetFetchRequestData.OffsetFetchRequestGroup()
                                                .setGroupId("simple")
                                                .setTopics(null),
                                        new OffsetFetchRequestData.OffsetFetchRequestGroup()
                                                .setGroupId("other")
                                                .setTopics(null))))
                        : new OffsetFetchRequestData()
                                .setGroupId("simple")
                                .setTopics(
                                        v >= 2
                                                ? null
                                                : new ArrayList<>(
                                                        List.of(new OffsetFetchRequestData.OffsetFetchRequestTopic()
                                                                .setName("sweep")
                                                                .setPartitionIndexes(new ArrayList<>(List.of(0)))))));
        m.put(ApiKeys.OFFSET_DELETE, v -> new OffsetDeleteRequestData()
                .setGroupId("simple")
                .setTopics(new ArrayList<>(List.of(new OffsetDeleteRequestData.OffsetDeleteRequestTopic()
                        .setName("sweep")
                        .setPartitions(new ArrayList<>(List.of(
                                new OffsetDeleteRequestData.OffsetDeleteRequestPartition().setPartitionIndex(0))))))));
        m.put(ApiKeys.DELETE_GROUPS, v -> new DeleteGroupsRequestData()
                .setGroupsNames(new ArrayList<>(List.of("missing", "join-v0"))));
        m.put(ApiKeys.LIST_GROUPS, v -> new ListGroupsRequestData());
        m.put(ApiKeys.DESCRIBE_GROUPS, v -> new DescribeGroupsRequestData()
                .setGroups(new ArrayList<>(List.of("simple", "join-v0", "missing"))));
        m.put(ApiKeys.CONSUMER_GROUP_HEARTBEAT, v -> new ConsumerGroupHeartbeatRequestData()
                .setGroupId("cg-v" + v)
                .setMemberId(Uuid.randomUuid().toString())
                .setMemberEpoch(0)
                .setRebalanceTimeoutMs(10_000)
                .setSubscribedTopicNames(new ArrayList<>(List.of("sweep")))
                .setTopicPartitions(new ArrayList<>()));
        m.put(ApiKeys.CONSUMER_GROUP_DESCRIBE, v -> new ConsumerGroupDescribeRequestData()
                .setGroupIds(new ArrayList<>(List.of("cg-v0", "missing"))));
    }
}
