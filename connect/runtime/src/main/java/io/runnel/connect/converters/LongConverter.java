package io.runnel.connect.converters;

import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.connect.data.Schema;

/** Long values in Kafka's binary encoding, with an optional schema; Apache's {@code LongConverter}. */
public class LongConverter extends NumberConverter<Long> {

    public LongConverter() {
        super("Long", Schema.OPTIONAL_INT64_SCHEMA, new LongSerializer(), new LongDeserializer());
    }

    @Override
    protected Long cast(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        throw notA("Long", value);
    }
}
