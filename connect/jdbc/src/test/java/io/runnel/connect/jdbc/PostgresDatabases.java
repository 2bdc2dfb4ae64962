package io.runnel.connect.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server (zonky's embedded binaries) started by a test class, with password authentication for
 * the role {@code runnel} (password {@code secret}), and a fresh database per test.
 */
final class PostgresDatabases implements AutoCloseable {

    private final EmbeddedPostgres server;
    private final Path hba;
    private final AtomicInteger counter = new AtomicInteger();

    PostgresDatabases() throws IOException, SQLException {
        hba = Files.createTempFile("pg_hba", ".conf");
        Files.writeString(
                hba,
                "local all all trust\nhost all postgres 127.0.0.1/32 trust\n"
                        + "host all postgres ::1/128 trust\nhost all all 127.0.0.1/32 scram-sha-256\n"
                        + "host all all ::1/128 scram-sha-256\n");
        server = EmbeddedPostgres.builder()
                .setServerConfig("hba_file", hba.toString())
                .setServerConfig("password_encryption", "scram-sha-256")
                .start();
        admin().execute("CREATE ROLE runnel LOGIN PASSWORD 'secret' CREATEDB");
    }

    private TestDatabase admin() {
        return new TestDatabase(server.getJdbcUrl("postgres", "postgres"), "postgres", null);
    }

    TestDatabase fresh() throws SQLException {
        String name = "db" + counter.incrementAndGet();
        admin().execute("CREATE DATABASE " + name + " OWNER runnel");
        return new TestDatabase(server.getJdbcUrl("runnel", name).replaceAll("[?&]user=[^&]*", ""), "runnel", "secret");
    }

    int port() {
        return server.getPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(hba);
    }
}
