package io.runnel.connect.converters;

import org.apache.kafka.common.serialization.FloatDeserializer;
import org.apache.kafka.common.serialization.FloatSerializer;
import org.apache.kafka.connect.data.Schema;

/** Float values in Kafka's binary encoding, with an optional schema; Apache's {@code FloatConverter}. */
public class FloatConverter extends NumberConverter<Float> {

    public FloatConverter() {
        super("Float", Schema.OPTIONAL_FLOAT32_SCHEMA, new FloatSerializer(), new FloatDeserializer());
    }

    @Override
    protected Float cast(Object value) {
        if (value instanceof Number n) {
            return n.floatValue();
        }
        throw notA("Float", value);
    }
}
