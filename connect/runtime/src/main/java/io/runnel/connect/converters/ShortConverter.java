package io.runnel.connect.converters;

import org.apache.kafka.common.serialization.ShortDeserializer;
import org.apache.kafka.common.serialization.ShortSerializer;
import org.apache.kafka.connect.data.Schema;

/** Short values in Kafka's binary encoding, with an optional schema; Apache's {@code ShortConverter}. */
public class ShortConverter extends NumberConverter<Short> {

    public ShortConverter() {
        super("Short", Schema.OPTIONAL_INT16_SCHEMA, new ShortSerializer(), new ShortDeserializer());
    }

    @Override
    protected Short cast(Object value) {
        if (value instanceof Number n) {
            return n.shortValue();
        }
        throw notA("Short", value);
    }
}
