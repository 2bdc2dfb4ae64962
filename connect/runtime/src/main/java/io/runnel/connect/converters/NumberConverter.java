package io.runnel.connect.converters;

import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;

/**
 * A number in Kafka's own binary encoding (that of kafka-clients' serializers: big-endian, fixed width), with an
 * optional schema of the number's type. The subclasses are the numeric converters Apache ships, under the same
 * simple names. Thread-safe (the serializers are stateless).
 */
public abstract class NumberConverter<T extends Number> implements Converter, HeaderConverter {

    private final String typeName;
    private final Schema schema;
    private final Serializer<T> serializer;
    private final Deserializer<T> deserializer;

    protected NumberConverter(String typeName, Schema schema, Serializer<T> serializer, Deserializer<T> deserializer) {
        this.typeName = typeName;
        this.schema = schema;
        this.serializer = serializer;
        this.deserializer = deserializer;
    }

    /** Narrows any {@link Number} to this converter's type, or fails with a {@link DataException}. */
    protected abstract T cast(Object value);

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {}

    @Override
    public void configure(Map<String, ?> configs) {}

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public byte[] fromConnectData(String topic, Schema s, Object value) {
        if (value == null) {
            return null;
        }
        try {
            return serializer.serialize(topic, cast(value));
        } catch (ClassCastException | SerializationException e) {
            throw new DataException("Failed to serialize " + value + " as " + typeName, e);
        }
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        try {
            return new SchemaAndValue(schema, deserializer.deserialize(topic, value));
        } catch (SerializationException e) {
            throw new DataException("Failed to deserialize " + typeName + " from topic " + topic, e);
        }
    }

    @Override
    public byte[] fromConnectHeader(String topic, String headerKey, Schema s, Object value) {
        return fromConnectData(topic, s, value);
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

    protected static DataException notA(String type, Object value) {
        return new DataException(
                type + " converter cannot convert " + value.getClass().getName());
    }
}
