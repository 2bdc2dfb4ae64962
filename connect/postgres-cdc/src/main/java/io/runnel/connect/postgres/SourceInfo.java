package io.runnel.connect.postgres;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * The {@code source} block of a change event, with Debezium's PostgreSQL fields and schema name
 * ({@code io.debezium.connector.postgresql.Source}): {@code version}, {@code connector} ("postgresql"), {@code name}
 * (the topic prefix), {@code ts_ms}/{@code ts_us}/{@code ts_ns} (commit time, or snapshot time), {@code snapshot}
 * ("true", "last" or "false"), {@code db}, {@code sequence} (JSON {@code ["<last committed lsn>","<lsn>"]}),
 * {@code schema}, {@code table}, {@code txId}, {@code lsn}, {@code xmin} (always null). Immutable.
 */
record SourceInfo(
        String name,
        String db,
        String schema,
        String table,
        String snapshot,
        long commitMicros,
        Long txId,
        Long lsn,
        Long lastCommittedLsn) {

    static final String VERSION = "runnel-0.1.0";

    static final Schema SCHEMA = SchemaBuilder.struct()
            .name("io.debezium.connector.postgresql.Source")
            .field("version", Schema.STRING_SCHEMA)
            .field("connector", Schema.STRING_SCHEMA)
            .field("name", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.INT64_SCHEMA)
            .field(
                    "snapshot",
                    SchemaBuilder.string()
                            .optional()
                            .name("io.debezium.data.Enum")
                            .version(1)
                            .parameter(
                                    "allowed",
                                    "true,first,first_in_data_collection,last_in_data_collection,last,false,incremental")
                            .defaultValue("false")
                            .build())
            .field("db", Schema.STRING_SCHEMA)
            .field("sequence", Schema.OPTIONAL_STRING_SCHEMA)
            .field("ts_us", Schema.OPTIONAL_INT64_SCHEMA)
            .field("ts_ns", Schema.OPTIONAL_INT64_SCHEMA)
            .field("schema", Schema.STRING_SCHEMA)
            .field("table", Schema.STRING_SCHEMA)
            .field("txId", Schema.OPTIONAL_INT64_SCHEMA)
            .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
            .field("xmin", Schema.OPTIONAL_INT64_SCHEMA)
            .build();

    static final Schema TRANSACTION_SCHEMA = SchemaBuilder.struct()
            .name("event.block")
            .version(1)
            .optional()
            .field("id", Schema.STRING_SCHEMA)
            .field("total_order", Schema.INT64_SCHEMA)
            .field("data_collection_order", Schema.INT64_SCHEMA)
            .build();

    Struct toStruct() {
        Struct s = new Struct(SCHEMA)
                .put("version", VERSION)
                .put("connector", "postgresql")
                .put("name", name)
                .put("ts_ms", commitMicros / 1000)
                .put("ts_us", commitMicros)
                .put("ts_ns", commitMicros * 1000)
                .put("snapshot", snapshot)
                .put("db", db)
                .put("schema", schema)
                .put("table", table)
                .put("txId", txId)
                .put("lsn", lsn);
        if (lsn != null) {
            s.put("sequence", "[" + quoted(lastCommittedLsn) + "," + quoted(lsn) + "]");
        }
        return s;
    }

    private static String quoted(Long lsn) {
        return lsn == null ? "null" : "\"" + lsn + "\"";
    }
}
