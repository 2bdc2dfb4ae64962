package io.runnel.connect.jdbc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The columns a sink record becomes under {@code pk.mode} and {@code pk.fields}: the key columns (in order) and the
 * other columns, each with its Connect schema, and the values of one record for them. Immutable.
 *
 * <ul>
 *   <li>{@code none}: no key; every value field is a column.
 *   <li>{@code kafka}: {@code __connect_topic}, {@code __connect_partition}, {@code __connect_offset} (or the three
 *       {@code pk.fields}) are the key.
 *   <li>{@code record_key}: a primitive key is one column ({@code pk.fields}' first name, default {@code
 *       __connect_key}); a struct key gives its fields ({@code pk.fields}, default all).
 *   <li>{@code record_value}: the value fields named in {@code pk.fields} (default all) are the key.
 * </ul>
 */
record RecordLayout(Map<String, Schema> keyColumns, Map<String, Schema> valueColumns) {

    static RecordLayout of(JdbcSinkConfig config, SinkRecord record) {
        List<String> pkFields = config.getList(JdbcSinkConfig.PK_FIELDS);
        List<String> whitelist = config.getList(JdbcSinkConfig.FIELDS_WHITELIST);
        Map<String, Schema> keys = new LinkedHashMap<>();
        Map<String, Schema> values = new LinkedHashMap<>();
        Schema valueSchema = record.valueSchema();
        if (record.value() != null && (valueSchema == null || valueSchema.type() != Schema.Type.STRUCT)) {
            throw new ConnectException("the JDBC sink writes records whose value is a struct with a schema; topic "
                    + record.topic() + " offset " + record.kafkaOffset() + " has "
                    + (valueSchema == null ? "no schema (use a converter with schemas)" : valueSchema.type()));
        }
        switch (config.pkMode()) {
            case JdbcSinkConfig.PK_KAFKA -> {
                List<String> names = pkFields.isEmpty()
                        ? List.of("__connect_topic", "__connect_partition", "__connect_offset")
                        : pkFields;
                keys.put(names.get(0), Schema.STRING_SCHEMA);
                keys.put(names.get(1), Schema.INT32_SCHEMA);
                keys.put(names.get(2), Schema.INT64_SCHEMA);
            }
            case JdbcSinkConfig.PK_RECORD_KEY -> {
                Schema keySchema = record.keySchema();
                if (keySchema == null) {
                    throw new ConnectException(JdbcSinkConfig.PK_MODE + "=record_key needs keys with a schema; topic "
                            + record.topic() + " offset " + record.kafkaOffset() + " has none");
                }
                if (keySchema.type() == Schema.Type.STRUCT) {
                    for (Field field : keySchema.fields()) {
                        if (pkFields.isEmpty() || pkFields.contains(field.name())) {
                            keys.put(field.name(), field.schema());
                        }
                    }
                } else {
                    keys.put(pkFields.isEmpty() ? "__connect_key" : pkFields.get(0), keySchema);
                }
            }
            case JdbcSinkConfig.PK_RECORD_VALUE -> {
                if (valueSchema == null) {
                    throw new ConnectException(JdbcSinkConfig.PK_MODE + "=record_value cannot read the key of a"
                            + " tombstone; topic " + record.topic() + " offset " + record.kafkaOffset());
                }
                for (Field field : valueSchema.fields()) {
                    if (pkFields.isEmpty() || pkFields.contains(field.name())) {
                        keys.put(field.name(), field.schema());
                    }
                }
                for (String name : pkFields) {
                    if (!keys.containsKey(name)) {
                        throw new ConnectException(JdbcSinkConfig.PK_FIELDS + " names " + name + ", which is not a"
                                + " field of the value of topic " + record.topic());
                    }
                }
            }
            default -> {}
        }
        if (valueSchema != null) {
            for (Field field : valueSchema.fields()) {
                if (!keys.containsKey(field.name()) && (whitelist.isEmpty() || whitelist.contains(field.name()))) {
                    values.put(field.name(), field.schema());
                }
            }
        }
        if (keys.isEmpty() && !config.pkMode().equals(JdbcSinkConfig.PK_NONE)) {
            throw new ConnectException(
                    JdbcSinkConfig.PK_FIELDS + " " + pkFields + " selects no key field of topic " + record.topic());
        }
        return new RecordLayout(keys, values);
    }

    /** The key values of a record, in {@link #keyColumns} order. */
    List<Object> keyValues(JdbcSinkConfig config, SinkRecord record) {
        List<Object> out = new ArrayList<>();
        switch (config.pkMode()) {
            case JdbcSinkConfig.PK_KAFKA -> {
                out.add(record.topic());
                out.add(record.kafkaPartition());
                out.add(record.kafkaOffset());
            }
            case JdbcSinkConfig.PK_RECORD_KEY -> {
                if (record.key() instanceof Struct key) {
                    keyColumns.keySet().forEach(name -> out.add(key.get(name)));
                } else {
                    out.add(record.key());
                }
            }
            case JdbcSinkConfig.PK_RECORD_VALUE -> {
                Struct value = (Struct) record.value();
                keyColumns.keySet().forEach(name -> out.add(value.get(name)));
            }
            default -> {}
        }
        return out;
    }

    /** The other values of a record, in {@link #valueColumns} order. */
    List<Object> otherValues(SinkRecord record) {
        Struct value = (Struct) record.value();
        List<Object> out = new ArrayList<>();
        valueColumns.keySet().forEach(name -> out.add(value.get(name)));
        return out;
    }
}
