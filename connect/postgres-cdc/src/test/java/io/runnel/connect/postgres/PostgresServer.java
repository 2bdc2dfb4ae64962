package io.runnel.connect.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/** A real PostgreSQL server (zonky's embedded binaries) on a free port, with the settings logical replication needs. */
final class PostgresServer implements AutoCloseable {

    final EmbeddedPostgres pg;

    PostgresServer(String walLevel) {
        try {
            pg = EmbeddedPostgres.builder()
                    .setServerConfig("wal_level", walLevel)
                    .setServerConfig("max_replication_slots", "20")
                    .setServerConfig("max_wal_senders", "20")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Connection connect() throws SQLException {
        return pg.getPostgresDatabase().getConnection();
    }

    void sql(String... statements) {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The connector's settings for this server, capturing {@code table} with slot and publication {@code name}. */
    Map<String, String> connectorConfig(String name, String table) {
        Map<String, String> m = new HashMap<>();
        m.put("database.hostname", "localhost");
        m.put("database.port", String.valueOf(pg.getPort()));
        m.put("database.user", "postgres");
        m.put("database.password", "postgres");
        m.put("database.dbname", "postgres");
        m.put("topic.prefix", "server1");
        m.put("slot.name", name);
        m.put("publication.name", name);
        m.put("plugin.name", "pgoutput");
        m.put("table.include.list", table);
        m.put("poll.interval.ms", "100");
        return m;
    }

    @Override
    public void close() throws IOException {
        pg.close();
    }
}
