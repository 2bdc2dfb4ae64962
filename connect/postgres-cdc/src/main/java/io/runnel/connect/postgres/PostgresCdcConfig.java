package io.runnel.connect.postgres;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/** The connector's settings, with Debezium's PostgreSQL connector's names and defaults. Immutable. */
final class PostgresCdcConfig extends AbstractConfig {

    static final String HOSTNAME = "database.hostname";
    static final String PORT = "database.port";
    static final String USER = "database.user";
    static final String PASSWORD = "database.password";
    static final String DBNAME = "database.dbname";
    static final String TOPIC_PREFIX = "topic.prefix";
    static final String SERVER_NAME = "database.server.name";
    static final String SLOT_NAME = "slot.name";
    static final String PUBLICATION_NAME = "publication.name";
    static final String PLUGIN_NAME = "plugin.name";
    static final String TABLE_INCLUDE_LIST = "table.include.list";
    static final String TABLE_WHITELIST = "table.whitelist";
    static final String SNAPSHOT_MODE = "snapshot.mode";
    static final String SNAPSHOT_FETCH_SIZE = "snapshot.fetch.size";
    static final String MAX_BATCH_SIZE = "max.batch.size";
    static final String TOMBSTONES_ON_DELETE = "tombstones.on.delete";
    static final String POLL_INTERVAL_MS = "poll.interval.ms";
    static final String SLOT_IN_USE_WAIT_MS = "slot.in.use.wait.ms";

    static final ConfigDef DEF = new ConfigDef()
            .define(HOSTNAME, Type.STRING, Importance.HIGH, "PostgreSQL host")
            .define(PORT, Type.INT, 5432, ConfigDef.Range.between(1, 65535), Importance.HIGH, "PostgreSQL port")
            .define(USER, Type.STRING, Importance.HIGH, "user with the REPLICATION attribute")
            .define(PASSWORD, Type.PASSWORD, "", Importance.HIGH, "password of database.user")
            .define(DBNAME, Type.STRING, Importance.HIGH, "database to capture")
            .define(
                    TOPIC_PREFIX,
                    Type.STRING,
                    null,
                    Importance.HIGH,
                    "topics are <topic.prefix>.<schema>.<table>; also the source block's name")
            .define(SERVER_NAME, Type.STRING, null, Importance.LOW, "old name of topic.prefix (Debezium 1.x)")
            .define(
                    SLOT_NAME,
                    Type.STRING,
                    "debezium",
                    Importance.MEDIUM,
                    "logical replication slot, created if missing")
            .define(
                    PUBLICATION_NAME,
                    Type.STRING,
                    "dbz_publication",
                    Importance.MEDIUM,
                    "publication, created if missing (FOR TABLE the include list, else FOR ALL TABLES)")
            .define(
                    PLUGIN_NAME,
                    Type.STRING,
                    "pgoutput",
                    ConfigDef.ValidString.in("pgoutput"),
                    Importance.MEDIUM,
                    "logical decoding plug-in; only pgoutput")
            .define(
                    TABLE_INCLUDE_LIST,
                    Type.LIST,
                    "",
                    Importance.HIGH,
                    "schema.table names to capture (all when empty)")
            .define(TABLE_WHITELIST, Type.LIST, "", Importance.LOW, "old name of table.include.list")
            .define(
                    SNAPSHOT_MODE,
                    Type.STRING,
                    "initial",
                    ConfigDef.ValidString.in("initial", "no_data", "never"),
                    Importance.MEDIUM,
                    "initial: snapshot when the slot is created; no_data/never: stream only")
            .define(
                    SNAPSHOT_FETCH_SIZE,
                    Type.INT,
                    1024,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "rows per snapshot chunk")
            .define(MAX_BATCH_SIZE, Type.INT, 2048, ConfigDef.Range.atLeast(1), Importance.LOW, "records per poll")
            .define(TOMBSTONES_ON_DELETE, Type.BOOLEAN, true, Importance.LOW, "a tombstone after each delete")
            .define(
                    POLL_INTERVAL_MS,
                    Type.LONG,
                    500L,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "longest a poll waits for changes")
            .define(
                    SLOT_IN_USE_WAIT_MS,
                    Type.LONG,
                    10_000L,
                    ConfigDef.Range.atLeast(0),
                    Importance.LOW,
                    "how long a start waits for a slot still held by a closing connection before failing");

    PostgresCdcConfig(Map<String, String> props) {
        super(DEF, props, false);
        if (topicPrefix() == null || topicPrefix().isBlank()) {
            throw new ConfigException(
                    TOPIC_PREFIX, null, "topic.prefix is required (the first part of every topic name)");
        }
    }

    String topicPrefix() {
        String p = getString(TOPIC_PREFIX);
        return p != null ? p : getString(SERVER_NAME);
    }

    /** Qualified {@code schema.table} names; a name without a schema means {@code public}. */
    List<String> tables() {
        List<String> list =
                getList(TABLE_INCLUDE_LIST).isEmpty() ? getList(TABLE_WHITELIST) : getList(TABLE_INCLUDE_LIST);
        return list.stream()
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(s -> s.contains(".") ? s : "public." + s)
                .toList();
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + getString(HOSTNAME) + ":" + getInt(PORT) + "/" + getString(DBNAME);
    }

    String user() {
        return getString(USER);
    }

    String password() {
        return getPassword(PASSWORD).value();
    }
}
