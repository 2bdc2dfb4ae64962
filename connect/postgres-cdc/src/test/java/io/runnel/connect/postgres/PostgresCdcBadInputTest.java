package io.runnel.connect.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad settings and server states fail the task's start with a message naming the problem and the setting. */
class PostgresCdcBadInputTest {

    static PostgresServer pg;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = new PostgresServer("logical");
        pg.sql(
                "CREATE ROLE cdc_user LOGIN REPLICATION PASSWORD 'right'",
                "GRANT ALL ON SCHEMA public TO cdc_user",
                "GRANT CREATE ON DATABASE postgres TO cdc_user");
        try (Connection c = pg.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW hba_file")) {
            rs.next();
            Path hba = Path.of(rs.getString(1));
            String secured = "host all cdc_user 127.0.0.1/32 scram-sha-256\n"
                    + "host replication cdc_user 127.0.0.1/32 scram-sha-256\n";
            Files.writeString(hba, secured + Files.readString(hba));
            s.execute("SELECT pg_reload_conf()");
        }
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        pg.close();
    }

    @Test
    void aWrongPasswordNamesTheUserAndPasswordSettingsAndTheFixedConnectorLosesNothing() throws Exception {
        pg.sql("CREATE TABLE pw (id int PRIMARY KEY)", "ALTER TABLE pw OWNER TO cdc_user", "INSERT INTO pw VALUES (7)");
        Map<String, String> config = pg.connectorConfig("pw", "public.pw");
        config.put("database.hostname", "127.0.0.1");
        config.put("database.user", "cdc_user");
        config.put("database.password", "wrong");
        assertThatThrownBy(() -> new TaskHarness(config, new TaskHarness.Offsets()))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("refused the login")
                .hasMessageContaining("database.user")
                .hasMessageContaining("database.password");

        config.put("database.password", "right");
        try (TaskHarness t = new TaskHarness(config, new TaskHarness.Offsets())) {
            List<SourceRecord> rows = t.pollUntil(1, Duration.ofSeconds(30));
            assertThat(((Struct) rows.get(0).key()).get("id")).isEqualTo(7);
        }
    }

    @Test
    void anUnreachableServerNamesTheHostAndPortSettings() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Map<String, String> config = pg.connectorConfig("unreachable", "public.nothing");
        config.put("database.hostname", "127.0.0.1");
        config.put("database.port", String.valueOf(closedPort));
        assertThatThrownBy(() -> new TaskHarness(config, new TaskHarness.Offsets()))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("cannot reach PostgreSQL at jdbc:postgresql://127.0.0.1:" + closedPort)
                .hasMessageContaining("database.hostname")
                .hasMessageContaining("database.port");
    }

    @Test
    void aMissingTableNamesTheIncludeList() {
        Map<String, String> config = pg.connectorConfig("missing", "public.no_such_table");
        assertThatThrownBy(() -> new TaskHarness(config, new TaskHarness.Offsets()))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("public.no_such_table")
                .hasMessageContaining("table.include.list");
    }

    @Test
    void aSlotHeldByAnotherConnectorNamesTheSlotSetting() throws Exception {
        pg.sql("CREATE TABLE shared (id int PRIMARY KEY)");
        Map<String, String> config = pg.connectorConfig("shared", "public.shared");
        config.put("slot.in.use.wait.ms", "0");
        try (TaskHarness first = new TaskHarness(config, new TaskHarness.Offsets())) {
            first.task.poll(); // the snapshot (empty) ends and the stream holds the slot
            assertThatThrownBy(() -> new TaskHarness(config, new TaskHarness.Offsets()))
                    .isInstanceOf(ConnectException.class)
                    .hasMessageContaining("replication slot 'shared' is in use by another connection")
                    .hasMessageContaining("slot.name");
        }
    }

    @Test
    void walLevelOtherThanLogicalNamesTheServerSetting() throws Exception {
        try (PostgresServer replica = new PostgresServer("replica")) {
            Map<String, String> config = replica.connectorConfig("wal", "");
            assertThatThrownBy(() -> new TaskHarness(config, new TaskHarness.Offsets()))
                    .isInstanceOf(ConnectException.class)
                    .hasMessageContaining("wal_level=replica")
                    .hasMessageContaining("wal_level=logical");
        }
    }
}
