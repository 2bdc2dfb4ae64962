package io.runnel.connect.converters;

import org.apache.kafka.common.serialization.DoubleDeserializer;
import org.apache.kafka.common.serialization.DoubleSerializer;
import org.apache.kafka.connect.data.Schema;

/** Double values in Kafka's binary encoding, with an optional schema; Apache's {@code DoubleConverter}. */
public class DoubleConverter extends NumberConverter<Double> {

    public DoubleConverter() {
        super("Double", Schema.OPTIONAL_FLOAT64_SCHEMA, new DoubleSerializer(), new DoubleDeserializer());
    }

    @Override
    protected Double cast(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw notA("Double", value);
    }
}
