package io.runnel.connect.jdbc;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/** The JDBC sink's settings, with the names and defaults users know from the ecosystem's JDBC sink. Immutable. */
final class JdbcSinkConfig extends AbstractConfig {

    static final String INSERT_MODE = "insert.mode";
    static final String PK_MODE = "pk.mode";
    static final String PK_FIELDS = "pk.fields";
    static final String AUTO_CREATE = "auto.create";
    static final String AUTO_EVOLVE = "auto.evolve";
    static final String DELETE_ENABLED = "delete.enabled";
    static final String TABLE_NAME_FORMAT = "table.name.format";
    static final String FIELDS_WHITELIST = "fields.whitelist";

    static final String INSERT = "insert";
    static final String UPSERT = "upsert";
    static final String UPDATE = "update";
    static final String PK_NONE = "none";
    static final String PK_KAFKA = "kafka";
    static final String PK_RECORD_KEY = "record_key";
    static final String PK_RECORD_VALUE = "record_value";

    static final ConfigDef DEF = ConnectionSettings.define(new ConfigDef())
            .define(
                    INSERT_MODE,
                    Type.STRING,
                    INSERT,
                    ConfigDef.ValidString.in(INSERT, UPSERT, UPDATE),
                    Importance.HIGH,
                    "insert, upsert (the dialect's native upsert) or update.")
            .define(
                    PK_MODE,
                    Type.STRING,
                    PK_NONE,
                    ConfigDef.ValidString.in(PK_NONE, PK_KAFKA, PK_RECORD_KEY, PK_RECORD_VALUE),
                    Importance.HIGH,
                    "Where the primary key comes from: none, kafka (topic, partition, offset), record_key or"
                            + " record_value.")
            .define(PK_FIELDS, Type.LIST, List.of(), Importance.MEDIUM, "The primary key's field names.")
            .define(AUTO_CREATE, Type.BOOLEAN, false, Importance.MEDIUM, "Create missing tables.")
            .define(AUTO_EVOLVE, Type.BOOLEAN, false, Importance.MEDIUM, "Add columns for new optional fields.")
            .define(
                    DELETE_ENABLED,
                    Type.BOOLEAN,
                    false,
                    Importance.MEDIUM,
                    "A record with a null value (tombstone) deletes the row with its key.")
            .define(
                    TABLE_NAME_FORMAT,
                    Type.STRING,
                    "${topic}",
                    Importance.MEDIUM,
                    "The table of a topic; ${topic} is replaced by the topic name.")
            .define(FIELDS_WHITELIST, Type.LIST, List.of(), Importance.LOW, "Value fields to write; empty: all.");

    JdbcSinkConfig(Map<String, String> props) {
        super(DEF, props);
        String insertMode = getString(INSERT_MODE);
        String pkMode = getString(PK_MODE);
        if (!insertMode.equals(INSERT) && pkMode.equals(PK_NONE)) {
            throw new ConfigException(
                    PK_MODE,
                    pkMode,
                    INSERT_MODE + "=" + insertMode + " needs a primary key: set " + PK_MODE
                            + " to kafka, record_key or record_value");
        }
        if (getBoolean(DELETE_ENABLED) && !pkMode.equals(PK_RECORD_KEY)) {
            throw new ConfigException(DELETE_ENABLED, true, DELETE_ENABLED + "=true needs " + PK_MODE + "=record_key");
        }
        if (pkMode.equals(PK_KAFKA)
                && !getList(PK_FIELDS).isEmpty()
                && getList(PK_FIELDS).size() != 3) {
            throw new ConfigException(
                    PK_FIELDS,
                    getList(PK_FIELDS),
                    PK_MODE + "=kafka takes three names (topic," + " partition, offset) or none");
        }
    }

    String insertMode() {
        return getString(INSERT_MODE);
    }

    String pkMode() {
        return getString(PK_MODE);
    }

    String tableFor(String topic) {
        return getString(TABLE_NAME_FORMAT).replace("${topic}", topic);
    }
}
