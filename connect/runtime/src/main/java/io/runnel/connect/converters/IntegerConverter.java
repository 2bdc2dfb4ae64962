package io.runnel.connect.converters;

import org.apache.kafka.common.serialization.IntegerDeserializer;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.apache.kafka.connect.data.Schema;

/** Integer values in Kafka's binary encoding, with an optional schema; Apache's {@code IntegerConverter}. */
public class IntegerConverter extends NumberConverter<Integer> {

    public IntegerConverter() {
        super("Integer", Schema.OPTIONAL_INT32_SCHEMA, new IntegerSerializer(), new IntegerDeserializer());
    }

    @Override
    protected Integer cast(Object value) {
        if (value instanceof Number n) {
            return n.intValue();
        }
        throw notA("Integer", value);
    }
}
