package io.runnel.connect.converters;

import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;

/**
 * Passes bytes through unchanged: {@code byte[]} (or a {@code ByteBuffer}) to Kafka, and Kafka's bytes back with an
 * optional BYTES schema. Also answers to Apache's class name {@code org.apache.kafka.connect.converters
 * .ByteArrayConverter}. Stateless; thread-safe.
 */
public class ByteArrayConverter implements Converter, HeaderConverter {

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {}

    @Override
    public void configure(Map<String, ?> configs) {}

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        if (schema != null && schema.type() != Schema.Type.BYTES) {
            throw new DataException("ByteArrayConverter needs a BYTES schema, not " + schema.type());
        }
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] b) {
            return b;
        }
        if (value instanceof ByteBuffer bb) {
            ByteBuffer d = bb.duplicate();
            byte[] out = new byte[d.remaining()];
            d.get(out);
            return out;
        }
        throw new DataException("ByteArrayConverter converts byte[] or ByteBuffer, not "
                + value.getClass().getName());
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        return new SchemaAndValue(Schema.OPTIONAL_BYTES_SCHEMA, value);
    }

    @Override
    public byte[] fromConnectHeader(String topic, String headerKey, Schema schema, Object value) {
        return fromConnectData(topic, schema, value);
    }

    @Override
    public SchemaAndValue toConnectHeader(String topic, String headerKey, byte[] value) {
        return toConnectData(topic, value);
    }

    @Override
    public String version() {
        return "0.1.0";
    }

    @Override
    public void close() {}
}
