package io.runnel.connect.postgres;

import io.runnel.connect.postgres.PgOutputMessage.Column;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.ConnectException;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.ReplicationSlotInfo;

/**
 * Opens the connector's connections and prepares the server: checks {@code wal_level}, creates or reuses the
 * publication and the replication slot, reads table shapes from the catalog. Every failure is a
 * {@link ConnectException} that names the problem and the setting to change. Not thread-safe (the task's thread).
 */
final class ReplicationSetup {

    private final PostgresCdcConfig config;
    private final Time time;

    ReplicationSetup(PostgresCdcConfig config, Time time) {
        this.config = config;
        this.time = time;
    }

    Connection connect() {
        return open(new Properties());
    }

    Connection connectForReplication() {
        Properties p = new Properties();
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(p, "10");
        PGProperty.REPLICATION.set(p, "database");
        PGProperty.PREFER_QUERY_MODE.set(p, "simple");
        return open(p);
    }

    private Connection open(Properties props) {
        PGProperty.USER.set(props, config.user());
        PGProperty.PASSWORD.set(props, config.password());
        PGProperty.CONNECT_TIMEOUT.set(props, 10);
        PGProperty.APPLICATION_NAME.set(props, "runnel-cdc-" + config.topicPrefix());
        try {
            return DriverManager.getConnection(config.jdbcUrl(), props);
        } catch (SQLException e) {
            throw connectionError(e);
        }
    }

    private ConnectException connectionError(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String where = config.jdbcUrl();
        String message =
                switch (state) {
                    case "28P01", "28000" ->
                        "PostgreSQL refused the login of " + PostgresCdcConfig.USER + " '"
                                + config.user() + "' at " + where + ": check " + PostgresCdcConfig.USER + " and "
                                + PostgresCdcConfig.PASSWORD + " (and pg_hba.conf allows replication from this host)";
                    case "3D000" ->
                        "database '" + config.getString(PostgresCdcConfig.DBNAME) + "' does not exist at " + where
                                + ": check " + PostgresCdcConfig.DBNAME;
                    case "08001", "08004", "08006" ->
                        "cannot reach PostgreSQL at " + where + ": check " + PostgresCdcConfig.HOSTNAME + " and "
                                + PostgresCdcConfig.PORT + " (" + e.getMessage() + ")";
                    default -> "cannot connect to PostgreSQL at " + where + ": " + e.getMessage();
                };
        return new ConnectException(message, e);
    }

    /** Fails unless the server runs with {@code wal_level=logical}. */
    void checkWalLevel(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW wal_level")) {
            rs.next();
            String level = rs.getString(1);
            if (!"logical".equals(level)) {
                throw new ConnectException("PostgreSQL at " + config.jdbcUrl() + " runs with wal_level=" + level
                        + "; logical replication needs wal_level=logical in postgresql.conf (then restart the server)");
            }
        }
    }

    /** Creates the publication when missing: for the included tables, or for all tables when none are listed. */
    void ensurePublication(Connection c) throws SQLException {
        String name = config.getString(PostgresCdcConfig.PUBLICATION_NAME);
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_publication WHERE pubname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        List<String> tables = config.tables();
        StringBuilder sql = new StringBuilder("CREATE PUBLICATION ").append(quote(name));
        if (tables.isEmpty()) {
            sql.append(" FOR ALL TABLES");
        } else {
            List<String> quoted = new ArrayList<>();
            for (String t : tables) {
                String[] parts = t.split("\\.", 2);
                requireTable(c, parts[0], parts[1]);
                quoted.add(quote(parts[0]) + "." + quote(parts[1]));
            }
            sql.append(" FOR TABLE ").append(String.join(", ", quoted));
        }
        try (Statement s = c.createStatement()) {
            s.execute(sql.toString());
        } catch (SQLException e) {
            throw new ConnectException(
                    "cannot create publication '" + name + "' (" + e.getMessage() + "): create it"
                            + " yourself or grant " + PostgresCdcConfig.USER + " the right, see "
                            + PostgresCdcConfig.PUBLICATION_NAME,
                    e);
        }
    }

    /** The published tables, as {@code [schema, table]} in a stable order. */
    List<String[]> publishedTables(Connection c) throws SQLException {
        List<String[]> tables = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT schemaname, tablename FROM pg_publication_tables WHERE pubname = ? ORDER BY 1, 2")) {
            ps.setString(1, config.getString(PostgresCdcConfig.PUBLICATION_NAME));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        return tables;
    }

    /** The slot's state, waiting a bounded time for a slot still held by a connection that is closing. */
    SlotState slot(Connection c) throws SQLException {
        String slot = config.getString(PostgresCdcConfig.SLOT_NAME);
        long deadline = time.milliseconds() + config.getLong(PostgresCdcConfig.SLOT_IN_USE_WAIT_MS);
        while (true) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT plugin, active, active_pid, confirmed_flush_lsn::text, database FROM pg_replication_slots"
                            + " WHERE slot_name = ?")) {
                ps.setString(1, slot);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    String plugin = rs.getString(1);
                    if (!"pgoutput".equals(plugin)) {
                        throw new ConnectException("replication slot '" + slot + "' uses plug-in " + plugin
                                + ", not pgoutput: choose another " + PostgresCdcConfig.SLOT_NAME);
                    }
                    if (!rs.getBoolean(2)) {
                        return new SlotState(rs.getString(4));
                    }
                    if (time.milliseconds() >= deadline) {
                        throw new ConnectException("replication slot '" + slot + "' is in use by another connection"
                                + " (pid " + rs.getInt(3) + "), probably another connector: each connector needs its"
                                + " own " + PostgresCdcConfig.SLOT_NAME);
                    }
                }
            }
            time.sleep(200);
        }
    }

    /** Creates the slot on the replication connection; the snapshot it exports lives until that connection's next command. */
    ReplicationSlotInfo createSlot(Connection replication) throws SQLException {
        return replication
                .unwrap(PGConnection.class)
                .getReplicationAPI()
                .createReplicationSlot()
                .logical()
                .withSlotName(config.getString(PostgresCdcConfig.SLOT_NAME))
                .withOutputPlugin("pgoutput")
                .make();
    }

    /** The columns of a table from the catalog, key columns being the primary key's (as pgoutput flags them). */
    List<Column> columns(Connection c, String schema, String table) throws SQLException {
        requireTable(c, schema, table);
        List<Column> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT a.attname, a.atttypid, a.atttypmod,"
                + " coalesce(a.attnum = any(i.indkey), false) FROM pg_attribute a LEFT JOIN pg_index i"
                + " ON i.indrelid = a.attrelid AND i.indisprimary"
                + " WHERE a.attrelid = to_regclass(quote_ident(?) || '.' || quote_ident(?))"
                + " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(new Column(rs.getBoolean(4), rs.getString(1), (int) rs.getLong(2), rs.getInt(3)));
                }
            }
        }
        return columns;
    }

    private void requireTable(Connection c, String schema, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(quote_ident(?) || '.' || quote_ident(?))")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getString(1) == null) {
                    throw new ConnectException("table " + schema + "." + table + " named in "
                            + PostgresCdcConfig.TABLE_INCLUDE_LIST + " does not exist in database "
                            + config.getString(PostgresCdcConfig.DBNAME));
                }
            }
        }
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** An existing slot: the LSN it will resume from. */
    record SlotState(String confirmedFlushLsn) {}
}
