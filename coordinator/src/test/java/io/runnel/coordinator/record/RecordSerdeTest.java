package io.runnel.coordinator.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.common.Uuid;
import io.runnel.coordinator.assignor.TopicPartitionSet;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordSerdeTest {

    private final RecordSerde serde = new RecordSerde();
    private final Uuid topic = Uuid.randomUuid();

    List<CoordinatorRecord> samples() {
        return List.of(
                CoordinatorRecord.of(
                        new OffsetCommitKey("g", "orders", 3), new OffsetCommitValue(42, 7, "meta", 1000, -1)),
                CoordinatorRecord.of(new OffsetCommitKey("g", "orders", 4), new OffsetCommitValue(1, -1, "", 5, 9)),
                CoordinatorRecord.tombstone(new OffsetCommitKey("g", "orders", 5)),
                CoordinatorRecord.of(
                        new ClassicGroupKey("g"),
                        new ClassicGroupValue(
                                "consumer",
                                4,
                                "range",
                                "m-1",
                                ClassicGroupState.STABLE,
                                123,
                                List.of(
                                        new ClassicGroupValue.Member(
                                                "m-1",
                                                null,
                                                "client",
                                                "/1.2.3.4",
                                                30000,
                                                10000,
                                                List.of(
                                                        new ClassicGroupValue.Protocol("range", new byte[] {1, 2}),
                                                        new ClassicGroupValue.Protocol("rr", new byte[0])),
                                                new byte[] {9}),
                                        new ClassicGroupValue.Member(
                                                "s-2", "static", "c2", "/h", 1, 2, List.of(), new byte[0])))),
                CoordinatorRecord.of(
                        new ClassicGroupKey("empty"),
                        new ClassicGroupValue(null, 0, null, null, ClassicGroupState.EMPTY, 0, List.of())),
                CoordinatorRecord.of(
                        new ConsumerGroupMetadataKey("cg"),
                        new ConsumerGroupMetadataValue(
                                5, List.of(new ConsumerGroupMetadataValue.SubscribedTopic("orders", topic, 6)))),
                CoordinatorRecord.of(
                        new ConsumerGroupMemberKey("cg", "m"),
                        new ConsumerGroupMemberValue(
                                "i", null, "client", "/h", List.of("a", "b"), "orders-.*", "range", 60000)),
                CoordinatorRecord.of(
                        new ConsumerGroupTargetAssignmentMetadataKey("cg"),
                        new ConsumerGroupTargetAssignmentMetadataValue(5)),
                CoordinatorRecord.of(
                        new ConsumerGroupTargetAssignmentMemberKey("cg", "m"),
                        new ConsumerGroupTargetAssignmentMemberValue(TopicPartitionSet.of(topic, 0, 2, 4))),
                CoordinatorRecord.of(
                        new ConsumerGroupCurrentAssignmentKey("cg", "m"),
                        new ConsumerGroupCurrentAssignmentValue(
                                5,
                                4,
                                MemberState.UNREVOKED_PARTITIONS,
                                TopicPartitionSet.of(topic, 0),
                                TopicPartitionSet.of(topic, 1, 3))),
                CoordinatorRecord.tombstone(new ConsumerGroupCurrentAssignmentKey("cg", "gone")));
    }

    @Test
    void everyRecordTypeSurvivesARoundTrip() {
        for (CoordinatorRecord record : samples()) {
            byte[] key = serde.serializeKey(record.key());
            byte[] value = serde.serializeValue(record.value());
            CoordinatorRecord read = serde.deserialize(key, value);
            assertThat(read).as(record.key().toString()).isEqualTo(record);
            assertThat(read.isTombstone()).isEqualTo(value == null);
        }
    }

    @Test
    void keysStartWithTheRecordTypeAndIdentifyTheStateExactly() {
        byte[] a = serde.serializeKey(new OffsetCommitKey("g", "t", 1));
        byte[] b = serde.serializeKey(new OffsetCommitKey("g", "t", 2));
        assertThat(a[0]).isZero();
        assertThat(a[1]).isEqualTo((byte) RecordType.OFFSET_COMMIT.kafkaType()).isEqualTo((byte) 1);
        assertThat(a).isNotEqualTo(b);
        assertThat(serde.serializeKey(new OffsetCommitKey("g", "t", 1))).isEqualTo(a);
        assertThat(serde.serializeKey(new ClassicGroupKey("g")))
                .isNotEqualTo(serde.serializeKey(new ConsumerGroupMetadataKey("g")));
    }

    @Test
    void unknownTypesAndNewerVersionsAreRefusedDistinctly() {
        byte[] key = serde.serializeKey(new ClassicGroupKey("g"));
        key[1] = 99;
        assertThatThrownBy(() -> serde.deserialize(key, null))
                .isInstanceOf(UnknownRecordTypeException.class)
                .satisfies(
                        e -> assertThat(((UnknownRecordTypeException) e).type()).isEqualTo((short) 99));

        byte[] offsetKey = serde.serializeKey(new OffsetCommitKey("g", "t", 0));
        byte[] value = serde.serializeValue(new OffsetCommitValue(1, 1, "", 1, -1));
        value[1] = 9;
        assertThatThrownBy(() -> serde.deserialize(offsetKey, value))
                .isInstanceOf(RecordFormatException.class)
                .isNotInstanceOf(UnknownRecordTypeException.class)
                .hasMessageContaining("version 9");
    }

    @Test
    void truncatedOrCorruptBytesFailCleanly() {
        for (CoordinatorRecord record : samples()) {
            byte[] key = serde.serializeKey(record.key());
            byte[] value = serde.serializeValue(record.value());
            if (value == null) {
                continue;
            }
            for (int cut = 0; cut < value.length; cut++) {
                byte[] truncated = Arrays.copyOf(value, cut);
                assertThatThrownBy(() -> serde.deserialize(key, truncated))
                        .as(record.key() + " cut at " + cut)
                        .isInstanceOf(RecordFormatException.class);
            }
            byte[] longer = Arrays.copyOf(value, value.length + 1);
            assertThatThrownBy(() -> serde.deserialize(key, longer)).isInstanceOf(RecordFormatException.class);
        }
        byte[] hugeLength = {0, 1, 0x7f, 0x7f, 0x7f, 0x7f};
        assertThatThrownBy(() -> serde.deserialize(hugeLength, null)).isInstanceOf(RecordFormatException.class);
    }

    @Test
    void recordsAreWrittenInKafkasFormatsAtTheVersionsKafkaWrites() {
        byte[] key = serde.serializeKey(new OffsetCommitKey("g", "t", 1));
        // int16 record type 1, then OffsetCommitKey v0: int16-length strings, int32 partition.
        assertThat(key).containsExactly(0, 1, 0, 1, 'g', 0, 1, 't', 0, 0, 0, 1);
        byte[] value = serde.serializeValue(new OffsetCommitValue(42, 7, "m", 1000, -1));
        // version 3: offset, leader epoch, metadata, commit timestamp.
        assertThat(value)
                .containsExactly(
                        0, 3, 0, 0, 0, 0, 0, 0, 0, 42, 0, 0, 0, 7, 0, 1, 'm', 0, 0, 0, 0, 0, 0, 3, (byte) 0xe8);
        assertThat(serde.serializeValue(new OffsetCommitValue(42, -1, "m", 1000, 5000)))
                .as("an explicit expiry needs version 1, as in Kafka")
                .startsWith(0, 1);
        assertThat(serde.serializeValue(
                        new ClassicGroupValue(null, 0, null, null, ClassicGroupState.EMPTY, 0, List.of())))
                .startsWith(0, 4);
        assertThat(serde.serializeKey(new ConsumerGroupCurrentAssignmentKey("g", "m")))
                .containsExactly(0, 8, 0, 1, 'g', 0, 1, 'm');
    }

    @Test
    void aNullOffsetMetadataIsStoredAsTheEmptyStringAsKafkaDoes() {
        byte[] key = serde.serializeKey(new OffsetCommitKey("g", "t", 0));
        byte[] value = serde.serializeValue(new OffsetCommitValue(1, -1, null, 5, -1));
        assertThat(((OffsetCommitValue) serde.deserialize(key, value).value()).metadata())
                .isEmpty();
    }

    @Test
    void everyRecordOfTheLegacyLayoutStillLoads() {
        LegacyRecordWriter legacy = new LegacyRecordWriter();
        for (CoordinatorRecord record : samples()) {
            byte[] key = legacy.serializeKey(record.key());
            byte[] value = legacy.serializeValue(record.value());
            CoordinatorRecord read = serde.deserialize(key, value);
            assertThat(read.legacyFormat()).as(record.key().toString()).isTrue();
            assertThat(new CoordinatorRecord(read.key(), read.value()))
                    .as(record.key().toString())
                    .isEqualTo(record);
            assertThat(serde.deserialize(serde.serializeKey(record.key()), serde.serializeValue(record.value()))
                            .legacyFormat())
                    .isFalse();
        }
    }

    @Test
    void aLegacyOffsetCommitKeptAsBytesLoads() {
        // Written by the legacy RecordSerde: OffsetCommitKey("group-1", "orders", 3),
        // OffsetCommitValue(42, 7, "meta", 1000, -1).
        byte[] key = hex("0000" + "00000007" + "67726f75702d31" + "00000006" + "6f7264657273" + "00000003");
        byte[] value = hex("0000" + "000000000000002a" + "00000007" + "00000004" + "6d657461" + "00000000000003e8"
                + "ffffffffffffffff");
        CoordinatorRecord read = serde.deserialize(key, value);
        assertThat(read)
                .isEqualTo(CoordinatorRecord.legacy(
                        new OffsetCommitKey("group-1", "orders", 3), new OffsetCommitValue(42, 7, "meta", 1000, -1)));
    }

    @Test
    void theLegacyFixturesOfTestkitsLegacyConsumerOffsetsItAreWhatTheLegacyWriterProduces() {
        LegacyRecordWriter legacy = new LegacyRecordWriter();
        assertThat(legacy.serializeKey(new OffsetCommitKey("legacy-group", "orders", 1)))
                .isEqualTo(hex("00000000000c6c65676163792d67726f7570000000066f726465727300000001"));
        assertThat(legacy.serializeValue(new OffsetCommitValue(42, -1, "written by Runnel 0.1", 1700000000000L, -1)))
                .isEqualTo(hex("0000000000000000002affffffff000000157772697474656e2062792052756e6e656c20302e31"
                        + "0000018bcfe56800ffffffffffffffff"));
        assertThat(legacy.serializeKey(new ClassicGroupKey("legacy-group")))
                .isEqualTo(hex("00010000000c6c65676163792d67726f7570"));
        assertThat(legacy.serializeValue(new ClassicGroupValue(
                        "consumer", 3, null, null, ClassicGroupState.EMPTY, 1700000000000L, List.of())))
                .isEqualTo(hex("000000000008636f6e73756d657200000003ffffffffffffffff000000018bcfe5680000000000"));
    }

    @Test
    void aLegacyTombstoneKeyIsTheKeyTheLegacyLayoutWrote() {
        LegacyRecordWriter legacy = new LegacyRecordWriter();
        for (CoordinatorRecord record : samples()) {
            assertThat(serde.serializeLegacyKey(record.key())).isEqualTo(legacy.serializeKey(record.key()));
        }
    }

    private static byte[] hex(String s) {
        byte[] bytes = new byte[s.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }
}
