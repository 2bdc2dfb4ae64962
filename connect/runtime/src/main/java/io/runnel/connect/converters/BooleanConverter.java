package io.runnel.connect.converters;

import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;

/** A boolean as one byte (1 true, 0 false) with an optional BOOLEAN schema; Apache's {@code BooleanConverter}. */
public class BooleanConverter implements Converter, HeaderConverter {

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
        if (value == null) {
            return null;
        }
        if (value instanceof Boolean b) {
            return new byte[] {(byte) (b ? 1 : 0)};
        }
        throw new DataException(
                "BooleanConverter cannot convert " + value.getClass().getName());
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        if (value == null) {
            return new SchemaAndValue(Schema.OPTIONAL_BOOLEAN_SCHEMA, null);
        }
        if (value.length != 1 || (value[0] != 0 && value[0] != 1)) {
            throw new DataException("A boolean is one byte, 0 or 1; got " + value.length + " bytes");
        }
        return new SchemaAndValue(Schema.OPTIONAL_BOOLEAN_SCHEMA, value[0] == 1);
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
