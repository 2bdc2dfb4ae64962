package io.runnel.coordinator.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.coordinator.common.runtime.CoordinatorRecord;
import org.apache.kafka.coordinator.group.GroupCoordinatorRecordSerde;
import org.apache.kafka.coordinator.group.generated.GroupMetadataKey;
import org.apache.kafka.coordinator.group.generated.GroupMetadataValue;
import org.apache.kafka.coordinator.group.generated.OffsetCommitKey;
import org.apache.kafka.coordinator.group.generated.OffsetCommitValue;
import org.apache.kafka.server.common.ApiMessageAndVersion;
import org.junit.jupiter.api.Test;

/**
 * Kafka's own {@code GroupCoordinatorRecordSerde} (kafka-group-coordinator 4.3.0, test scope) is the oracle: it reads
 * every record Runnel writes and writes it back to the same bytes (Runnel's tagged fields included, as unknown
 * tags), and what it writes Runnel reads.
 */
class KafkaRecordFormatTest {

    private final RecordSerde serde = new RecordSerde();
    private final GroupCoordinatorRecordSerde kafka = new GroupCoordinatorRecordSerde();

    @Test
    void kafkaReadsEveryRecordRunnelWritesAndWritesItBackToTheSameBytes() {
        for (io.runnel.coordinator.record.CoordinatorRecord record : new RecordSerdeTest().samples()) {
            byte[] key = serde.serializeKey(record.key());
            byte[] value = serde.serializeValue(record.value());
            CoordinatorRecord read =
                    kafka.deserialize(ByteBuffer.wrap(key), value == null ? null : ByteBuffer.wrap(value));
            assertThat(read.key().apiKey())
                    .as(record.key().toString())
                    .isEqualTo(record.key().type().kafkaType());
            assertThat(kafka.serializeKey(read)).as(record.key().toString()).isEqualTo(key);
            if (value == null) {
                assertThat(read.value()).isNull();
            } else {
                assertThat(kafka.serializeValue(read))
                        .as(record.key().toString())
                        .isEqualTo(value);
            }
        }
    }

    @Test
    void kafkaSeesTheFieldsOfAnOffsetCommitAndAClassicGroup() {
        byte[] key = serde.serializeKey(new io.runnel.coordinator.record.OffsetCommitKey("g", "orders", 3));
        byte[] value =
                serde.serializeValue(new io.runnel.coordinator.record.OffsetCommitValue(42, 7, "meta", 1000, -1));
        CoordinatorRecord read = kafka.deserialize(ByteBuffer.wrap(key), ByteBuffer.wrap(value));
        assertThat(read.key())
                .isEqualTo(
                        new OffsetCommitKey().setGroup("g").setTopic("orders").setPartition(3));
        assertThat(read.value())
                .isEqualTo(new ApiMessageAndVersion(
                        new OffsetCommitValue()
                                .setOffset(42)
                                .setLeaderEpoch(7)
                                .setMetadata("meta")
                                .setCommitTimestamp(1000),
                        (short) 3));

        ClassicGroupValue group = new ClassicGroupValue(
                "consumer",
                4,
                "range",
                "m-1",
                ClassicGroupState.STABLE,
                123,
                List.of(new ClassicGroupValue.Member(
                        "m-1",
                        "static-1",
                        "client",
                        "/1.2.3.4",
                        30000,
                        10000,
                        List.of(
                                new ClassicGroupValue.Protocol("cooperative-sticky", new byte[] {3}),
                                new ClassicGroupValue.Protocol("range", new byte[] {1, 2})),
                        new byte[] {9})));
        GroupMetadataValue kafkaGroup = (GroupMetadataValue) kafka.deserialize(
                        ByteBuffer.wrap(serde.serializeKey(new ClassicGroupKey("g"))),
                        ByteBuffer.wrap(serde.serializeValue(group)))
                .value()
                .message();
        assertThat(kafkaGroup.protocolType()).isEqualTo("consumer");
        assertThat(kafkaGroup.generation()).isEqualTo(4);
        assertThat(kafkaGroup.protocol()).isEqualTo("range");
        assertThat(kafkaGroup.leader()).isEqualTo("m-1");
        assertThat(kafkaGroup.currentStateTimestamp()).isEqualTo(123);
        GroupMetadataValue.MemberMetadata member = kafkaGroup.members().get(0);
        assertThat(member.memberId()).isEqualTo("m-1");
        assertThat(member.groupInstanceId()).isEqualTo("static-1");
        assertThat(member.rebalanceTimeout()).isEqualTo(30000);
        assertThat(member.sessionTimeout()).isEqualTo(10000);
        assertThat(member.subscription()).as("the chosen protocol's metadata").containsExactly(1, 2);
        assertThat(member.assignment()).containsExactly(9);
    }

    @Test
    void aClassicGroupAsKafkaWritesItReadsAsStableWithTheGroupsProtocol() {
        CoordinatorRecord kafkaRecord = CoordinatorRecord.record(
                new GroupMetadataKey().setGroup("g"),
                new ApiMessageAndVersion(
                        new GroupMetadataValue()
                                .setProtocolType("consumer")
                                .setGeneration(2)
                                .setProtocol("range")
                                .setLeader("m")
                                .setCurrentStateTimestamp(5)
                                .setMembers(List.of(new GroupMetadataValue.MemberMetadata()
                                        .setMemberId("m")
                                        .setClientId("c")
                                        .setClientHost("/h")
                                        .setRebalanceTimeout(100)
                                        .setSessionTimeout(50)
                                        .setSubscription(new byte[] {1})
                                        .setAssignment(new byte[] {2}))),
                        (short) 3));
        io.runnel.coordinator.record.CoordinatorRecord read =
                serde.deserialize(kafka.serializeKey(kafkaRecord), kafka.serializeValue(kafkaRecord));
        ClassicGroupValue value = (ClassicGroupValue) read.value();
        assertThat(value.state()).isEqualTo(ClassicGroupState.STABLE);
        assertThat(value.generationId()).isEqualTo(2);
        assertThat(value.members()).singleElement().satisfies(m -> {
            assertThat(m.protocols()).containsExactly(new ClassicGroupValue.Protocol("range", new byte[] {1}));
            assertThat(m.assignment()).containsExactly(2);
        });
    }
}
