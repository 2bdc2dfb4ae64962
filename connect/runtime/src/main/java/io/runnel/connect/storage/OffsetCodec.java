package io.runnel.connect.storage;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;

/**
 * Encodes source offsets as Apache Connect's offsets topic does: the key is the schemaless JSON array
 * {@code ["<connector>", {sourcePartition}]} and the value the schemaless JSON of the source offset map, both
 * written by a {@link JsonConverter} with {@code schemas.enable=false}, so integral numbers read back as
 * {@code Long} (connectors such as Apache's file source rely on it). Thread-safe (the converter is not mutated after
 * configuration).
 */
public final class OffsetCodec {

    private static final String TOPIC = "connect-offsets";
    private final JsonConverter converter = new JsonConverter();

    public OffsetCodec() {
        converter.configure(Map.of("schemas.enable", "false", "converter.type", "key"), true);
    }

    public ByteBuffer key(String connector, Map<String, ?> partition) {
        return ByteBuffer.wrap(converter.fromConnectData(TOPIC, null, Arrays.asList(connector, partition)));
    }

    public ByteBuffer value(Map<String, ?> offset) {
        if (offset == null) {
            return null;
        }
        return ByteBuffer.wrap(converter.fromConnectData(TOPIC, null, offset));
    }

    /** The connector and partition of a key, or {@code null} when the key is not of that shape. */
    public Key decodeKey(ByteBuffer key) {
        SchemaAndValue sv = converter.toConnectData(TOPIC, bytes(key));
        if (!(sv.value() instanceof List<?> list) || list.size() != 2 || !(list.get(0) instanceof String c)) {
            return null;
        }
        if (!(list.get(1) instanceof Map<?, ?> m)) {
            return null;
        }
        return new Key(c, stringKeys(m));
    }

    public Map<String, Object> decodeValue(ByteBuffer value) {
        if (value == null) {
            return null;
        }
        SchemaAndValue sv = converter.toConnectData(TOPIC, bytes(value));
        return sv.value() instanceof Map<?, ?> m ? stringKeys(m) : null;
    }

    private static Map<String, Object> stringKeys(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }

    /** A decoded key. */
    public record Key(String connector, Map<String, Object> partition) {
        public Key {
            partition = new HashMap<>(partition);
        }
    }
}
