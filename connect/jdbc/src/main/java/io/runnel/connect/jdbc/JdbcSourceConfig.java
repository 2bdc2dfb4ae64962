package io.runnel.connect.jdbc;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/** The JDBC source's settings, with the names and defaults users know from the ecosystem's JDBC source. Immutable. */
final class JdbcSourceConfig extends AbstractConfig {

    static final String MODE = "mode";
    static final String TIMESTAMP_COLUMN = "timestamp.column.name";
    static final String INCREMENTING_COLUMN = "incrementing.column.name";
    static final String TIMESTAMP_INITIAL = "timestamp.initial";
    static final String TIMESTAMP_DELAY_MS = "timestamp.delay.interval.ms";
    static final String TABLE_WHITELIST = "table.whitelist";
    static final String TABLE_BLACKLIST = "table.blacklist";
    static final String TABLE_INCLUDE = "table.include.list";
    static final String TABLE_EXCLUDE = "table.exclude.list";
    static final String TABLE_TYPES = "table.types";
    static final String SCHEMA_PATTERN = "schema.pattern";
    static final String QUERY = "query";
    static final String TOPIC_PREFIX = "topic.prefix";
    static final String POLL_INTERVAL_MS = "poll.interval.ms";
    static final String BATCH_MAX_ROWS = "batch.max.rows";
    static final String TABLE_POLL_INTERVAL_MS = "table.poll.interval.ms";
    /** Set by the connector in each task's config: the tables that task reads, comma separated. */
    static final String TASK_TABLES = "tables";

    static final String BULK = "bulk";
    static final String INCREMENTING = "incrementing";
    static final String TIMESTAMP = "timestamp";
    static final String TIMESTAMP_INCREMENTING = "timestamp+incrementing";

    static final ConfigDef DEF = ConnectionSettings.define(new ConfigDef())
            .define(
                    MODE,
                    Type.STRING,
                    ConfigDef.NO_DEFAULT_VALUE,
                    ConfigDef.ValidString.in(BULK, INCREMENTING, TIMESTAMP, TIMESTAMP_INCREMENTING),
                    Importance.HIGH,
                    "How rows are found on each poll: bulk, incrementing, timestamp or timestamp+incrementing.")
            .define(TIMESTAMP_COLUMN, Type.LIST, List.of(), Importance.MEDIUM, "Timestamp column(s); COALESCEd.")
            .define(INCREMENTING_COLUMN, Type.STRING, "", Importance.MEDIUM, "Strictly increasing column.")
            .define(
                    TIMESTAMP_INITIAL,
                    Type.LONG,
                    null,
                    Importance.LOW,
                    "Epoch milliseconds to start timestamp modes from when no offset exists; -1 means now; unset"
                            + " means from the beginning.")
            .define(
                    TIMESTAMP_DELAY_MS,
                    Type.LONG,
                    0L,
                    ConfigDef.Range.atLeast(0),
                    Importance.MEDIUM,
                    "How long after a timestamp a row is first read, for transactions that commit late.")
            .define(TABLE_WHITELIST, Type.LIST, List.of(), Importance.MEDIUM, "Tables to read (legacy name).")
            .define(TABLE_BLACKLIST, Type.LIST, List.of(), Importance.MEDIUM, "Tables to skip (legacy name).")
            .define(TABLE_INCLUDE, Type.LIST, List.of(), Importance.MEDIUM, "Regular expressions of tables to read.")
            .define(TABLE_EXCLUDE, Type.LIST, List.of(), Importance.MEDIUM, "Regular expressions of tables to skip.")
            .define(TABLE_TYPES, Type.LIST, List.of("TABLE"), Importance.LOW, "Table types to read.")
            .define(SCHEMA_PATTERN, Type.STRING, null, Importance.LOW, "Schema pattern for table discovery.")
            .define(QUERY, Type.STRING, "", Importance.MEDIUM, "A custom query read instead of tables.")
            .define(TOPIC_PREFIX, Type.STRING, "", Importance.HIGH, "Prefix of the topic (the topic, with query).")
            .define(
                    POLL_INTERVAL_MS,
                    Type.LONG,
                    5000L,
                    ConfigDef.Range.atLeast(0),
                    Importance.HIGH,
                    "Milliseconds between polls of each table.")
            .define(
                    BATCH_MAX_ROWS,
                    Type.INT,
                    1000,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "Most rows returned by one poll.")
            .define(
                    TABLE_POLL_INTERVAL_MS,
                    Type.LONG,
                    60_000L,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "Milliseconds between looks for new or dropped tables.")
            .define(TASK_TABLES, Type.LIST, List.of(), Importance.LOW, "Internal: the tables of one task.");

    JdbcSourceConfig(Map<String, String> props) {
        super(DEF, props);
        String mode = getString(MODE);
        boolean needsTimestamp = mode.equals(TIMESTAMP) || mode.equals(TIMESTAMP_INCREMENTING);
        boolean needsIncrementing = mode.equals(INCREMENTING) || mode.equals(TIMESTAMP_INCREMENTING);
        if (needsTimestamp && getList(TIMESTAMP_COLUMN).isEmpty()) {
            throw new ConfigException(TIMESTAMP_COLUMN, "", "mode=" + mode + " needs " + TIMESTAMP_COLUMN);
        }
        if (needsIncrementing && getString(INCREMENTING_COLUMN).isBlank()) {
            throw new ConfigException(INCREMENTING_COLUMN, "", "mode=" + mode + " needs " + INCREMENTING_COLUMN);
        }
        boolean legacy =
                !getList(TABLE_WHITELIST).isEmpty() || !getList(TABLE_BLACKLIST).isEmpty();
        boolean regex =
                !getList(TABLE_INCLUDE).isEmpty() || !getList(TABLE_EXCLUDE).isEmpty();
        if (legacy && regex) {
            throw new ConfigException(
                    TABLE_INCLUDE,
                    getList(TABLE_INCLUDE),
                    "use either " + TABLE_WHITELIST + "/" + TABLE_BLACKLIST + " or " + TABLE_INCLUDE + "/"
                            + TABLE_EXCLUDE + ", not both");
        }
        if (!getString(QUERY).isBlank() && (legacy || regex)) {
            throw new ConfigException(QUERY, getString(QUERY), "a query replaces the table lists; set only one");
        }
    }

    String mode() {
        return getString(MODE);
    }

    boolean hasQuery() {
        return !getString(QUERY).isBlank();
    }
}
