package io.runnel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class RecordFormatterTest {

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static ConsumerRecord<byte[], byte[]> record(String key, String value, RecordHeaders headers) {
        return new ConsumerRecord<>(
                "t",
                3,
                42L,
                1_700_000_000_123L,
                TimestampType.CREATE_TIME,
                -1,
                -1,
                utf8(key),
                utf8(value),
                headers,
                Optional.of(7));
    }

    private static String format(Map<String, String> props, ConsumerRecord<byte[], byte[]> r) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordFormatter f = new RecordFormatter(props)) {
            f.writeTo(r, out);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static RecordHeaders headers() {
        RecordHeaders h = new RecordHeaders();
        h.add(new RecordHeader("h1", utf8("v1")));
        h.add(new RecordHeader("h2", (byte[]) null));
        return h;
    }

    @Test
    void byDefaultOnlyTheValueIsPrinted() throws Exception {
        assertThat(format(Map.of(), record("k", "hello", new RecordHeaders()))).isEqualTo("hello\n");
    }

    @Test
    void everyFieldInKafkasOrder() throws Exception {
        Map<String, String> props = Map.of(
                "print.timestamp", "true",
                "print.partition", "true",
                "print.offset", "true",
                "print.epoch", "true",
                "print.headers", "true",
                "print.key", "true");
        assertThat(format(props, record("k", "v", headers())))
                .isEqualTo("CreateTime:1700000000123\tPartition:3\tOffset:42\tEpoch:7\th1:v1,h2:null\tk\tv\n");
    }

    @Test
    void separatorsAndNullLiteralAreConfigurable() throws Exception {
        Map<String, String> props = Map.of(
                "print.key", "true",
                "print.headers", "true",
                "key.separator", " | ",
                "line.separator", "\r\n",
                "headers.separator", ";",
                "null.literal", "<nil>");
        assertThat(format(props, record(null, null, headers()))).isEqualTo("h1:v1;h2:<nil> | <nil> | <nil>\r\n");
    }

    @Test
    void noHeadersIsSaid() throws Exception {
        assertThat(format(Map.of("print.headers", "true"), record("k", "v", new RecordHeaders())))
                .isEqualTo("NO_HEADERS\tv\n");
    }

    @Test
    void withoutTheValueTheLastFieldEndsTheLine() throws Exception {
        assertThat(format(Map.of("print.key", "true", "print.value", "false"), record("k", "v", new RecordHeaders())))
                .isEqualTo("k\n");
        assertThat(format(
                        Map.of("print.offset", "true", "print.value", "false"), record("k", "v", new RecordHeaders())))
                .isEqualTo("Offset:42\n");
    }

    @Test
    void noTimestampAndUnknownEpochAreNamed() throws Exception {
        ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>(
                "t",
                0,
                0L,
                -1L,
                TimestampType.NO_TIMESTAMP_TYPE,
                -1,
                -1,
                null,
                utf8("v"),
                new RecordHeaders(),
                Optional.empty());
        assertThat(format(Map.of("print.timestamp", "true", "print.epoch", "true", "print.delivery", "true"), r))
                .isEqualTo("NO_TIMESTAMP\tDelivery:NOT_PRESENT\tEpoch:NOT_PRESENT\tv\n");
    }

    @Test
    void logAppendTimeIsLabelledAsSuch() throws Exception {
        ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>(
                "t",
                0,
                0L,
                5L,
                TimestampType.LOG_APPEND_TIME,
                -1,
                -1,
                null,
                utf8("v"),
                new RecordHeaders(),
                Optional.empty());
        assertThat(format(Map.of("print.timestamp", "true"), r)).isEqualTo("LogAppendTime:5\tv\n");
    }

    @Test
    void deserializersRenderKeysAndValues() throws Exception {
        ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>(
                "t",
                0,
                0L,
                0L,
                TimestampType.CREATE_TIME,
                -1,
                -1,
                ByteBuffer.allocate(4).putInt(1234).array(),
                ByteBuffer.allocate(8).putLong(-5L).array(),
                new RecordHeaders(),
                Optional.empty());
        Map<String, String> props = Map.of(
                "print.key", "true",
                "key.deserializer", "org.apache.kafka.common.serialization.IntegerDeserializer",
                "value.deserializer", "org.apache.kafka.common.serialization.LongDeserializer");
        assertThat(format(props, r)).isEqualTo("1234\t-5\n");
    }

    @Test
    void aDeserializerFailurePropagates() {
        Map<String, String> props =
                Map.of("value.deserializer", "org.apache.kafka.common.serialization.IntegerDeserializer");
        assertThatThrownBy(() -> format(props, record(null, "abc", new RecordHeaders())))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void anUnknownDeserializerClassIsAUsageError() {
        assertThatThrownBy(() -> new RecordFormatter(Map.of("key.deserializer", "com.example.Nope")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("com.example.Nope");
    }
}
