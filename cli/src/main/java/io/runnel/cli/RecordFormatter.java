package io.runnel.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Writes a consumed record the way Kafka 4.x's {@code kafka-console-consumer.sh} does by default, configured with
 * the same {@code --property} names. Fields appear in this order, each only when enabled, separated by
 * {@code key.separator} (default tab), the record ended by {@code line.separator} (default newline):
 *
 * <ol>
 *   <li>{@code print.timestamp}: {@code CreateTime:1700000000000} ({@code NO_TIMESTAMP} when there is none);
 *   <li>{@code print.partition}: {@code Partition:0};
 *   <li>{@code print.offset}: {@code Offset:42};
 *   <li>{@code print.delivery}: {@code Delivery:NOT_PRESENT} (a share-group field);
 *   <li>{@code print.epoch}: {@code Epoch:3} ({@code NOT_PRESENT} when unknown);
 *   <li>{@code print.headers}: {@code k1:v1,k2:v2} joined by {@code headers.separator} (default {@code ,}), or
 *       {@code NO_HEADERS};
 *   <li>{@code print.key}: the key;
 *   <li>{@code print.value} (default true): the value.
 * </ol>
 *
 * A null key, value or header value prints as {@code null.literal} (default {@code null}). Bytes are written as they
 * are, unless {@code key.deserializer}, {@code value.deserializer} or {@code headers.deserializer} name a Kafka
 * {@link Deserializer} class (configured with the properties under {@code key.deserializer.} etc.), whose result's
 * {@code toString()} is written as UTF-8. Deserializer failures propagate (the consumer decides whether to skip).
 *
 * <p>Not thread-safe (deserializers may not be).
 */
final class RecordFormatter implements AutoCloseable {

    private final boolean printTimestamp;
    private final boolean printKey;
    private final boolean printValue;
    private final boolean printPartition;
    private final boolean printOffset;
    private final boolean printDelivery;
    private final boolean printEpoch;
    private final boolean printHeaders;
    private final byte[] keySeparator;
    private final byte[] lineSeparator;
    private final byte[] headersSeparator;
    private final byte[] nullLiteral;
    private final Deserializer<?> keyDeserializer;
    private final Deserializer<?> valueDeserializer;
    private final Deserializer<?> headersDeserializer;

    RecordFormatter(Map<String, String> props) {
        printTimestamp = bool(props, "print.timestamp", false);
        printKey = bool(props, "print.key", false);
        printValue = bool(props, "print.value", true);
        printPartition = bool(props, "print.partition", false);
        printOffset = bool(props, "print.offset", false);
        printDelivery = bool(props, "print.delivery", false);
        printEpoch = bool(props, "print.epoch", false);
        printHeaders = bool(props, "print.headers", false);
        keySeparator = utf8(props.getOrDefault("key.separator", "\t"));
        lineSeparator = utf8(props.getOrDefault("line.separator", "\n"));
        headersSeparator = utf8(props.getOrDefault("headers.separator", ","));
        nullLiteral = utf8(props.getOrDefault("null.literal", "null"));
        keyDeserializer = deserializer(props, "key.deserializer", true);
        valueDeserializer = deserializer(props, "value.deserializer", false);
        Deserializer<?> headers = deserializer(props, "headers.deserializer", false);
        headersDeserializer = headers != null ? headers : deserializer(props, "header.deserializer", false);
    }

    private static boolean bool(Map<String, String> props, String key, boolean defaultValue) {
        String v = props.get(key);
        return v == null ? defaultValue : v.trim().equalsIgnoreCase("true");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Deserializer<?> deserializer(Map<String, String> props, String key, boolean isKey) {
        String className = props.get(key);
        if (className == null || className.isBlank()) {
            return null;
        }
        Deserializer<?> d;
        try {
            Class<?> c = Class.forName(className.trim(), true, RecordFormatter.class.getClassLoader());
            d = (Deserializer<?>) c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
            throw new UsageException("Cannot use " + className + " as " + key + ": " + CliErrors.describe(e));
        }
        Map<String, Object> config = new HashMap<>();
        String prefix = key + ".";
        props.forEach((k, v) -> {
            if (k.startsWith(prefix) && k.length() > prefix.length()) {
                config.put(k.substring(prefix.length()), v);
            }
        });
        d.configure(config, isKey);
        return d;
    }

    void writeTo(ConsumerRecord<byte[], byte[]> record, OutputStream out) throws IOException {
        boolean[] shown = {
            printTimestamp, printPartition, printOffset, printDelivery, printEpoch, printHeaders, printKey, printValue
        };
        int field = 0;
        if (printTimestamp) {
            out.write(utf8(
                    record.timestampType() == TimestampType.NO_TIMESTAMP_TYPE
                            ? "NO_TIMESTAMP"
                            : record.timestampType() + ":" + record.timestamp()));
            separator(out, shown, field);
        }
        field++;
        if (printPartition) {
            out.write(utf8("Partition:" + record.partition()));
            separator(out, shown, field);
        }
        field++;
        if (printOffset) {
            out.write(utf8("Offset:" + record.offset()));
            separator(out, shown, field);
        }
        field++;
        if (printDelivery) {
            out.write(utf8("Delivery:"
                    + record.deliveryCount().map(d -> Short.toString(d)).orElse("NOT_PRESENT")));
            separator(out, shown, field);
        }
        field++;
        if (printEpoch) {
            out.write(utf8("Epoch:"
                    + record.leaderEpoch().map(e -> Integer.toString(e)).orElse("NOT_PRESENT")));
            separator(out, shown, field);
        }
        field++;
        if (printHeaders) {
            Iterator<Header> it = record.headers().iterator();
            if (!it.hasNext()) {
                out.write(utf8("NO_HEADERS"));
            }
            while (it.hasNext()) {
                Header h = it.next();
                out.write(utf8(h.key() + ":"));
                out.write(render(record, headersDeserializer, h.value()));
                if (it.hasNext()) {
                    out.write(headersSeparator);
                }
            }
            separator(out, shown, field);
        }
        field++;
        if (printKey) {
            out.write(render(record, keyDeserializer, record.key()));
            separator(out, shown, field);
        }
        if (printValue) {
            out.write(render(record, valueDeserializer, record.value()));
            out.write(lineSeparator);
        }
    }

    /** After field {@code index}: the key separator if a later field follows, else the line separator. */
    private void separator(OutputStream out, boolean[] shown, int index) throws IOException {
        for (int i = index + 1; i < shown.length; i++) {
            if (shown[i]) {
                out.write(keySeparator);
                return;
            }
        }
        out.write(lineSeparator);
    }

    private byte[] render(ConsumerRecord<byte[], byte[]> record, Deserializer<?> deserializer, byte[] bytes) {
        byte[] nonNull = bytes != null ? bytes : nullLiteral;
        if (deserializer == null) {
            return nonNull;
        }
        Object value = deserializer.deserialize(record.topic(), record.headers(), nonNull);
        return utf8(String.valueOf(value));
    }

    @Override
    public void close() {
        for (Deserializer<?> d : new Deserializer<?>[] {keyDeserializer, valueDeserializer, headersDeserializer}) {
            if (d != null) {
                d.close();
            }
        }
    }
}
