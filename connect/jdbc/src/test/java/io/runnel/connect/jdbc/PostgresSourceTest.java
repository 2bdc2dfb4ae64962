package io.runnel.connect.jdbc;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresSourceTest extends JdbcSourceContract {
    static PostgresDatabases postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = new PostgresDatabases();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @Override
    TestDatabase newDatabase() throws Exception {
        return postgres.fresh();
    }

    @Test
    void aWrongPasswordFailsTheConnectorNamingTheUserAndTheSettings() {
        Map<String, String> config = config("bulk");
        config.put("connection.password", "wrong");
        config.put("connection.attempts", "1");

        assertThatThrownBy(() -> start(config, 1))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("runnel")
                .hasMessageContaining("connection.password")
                .hasMessageContaining("password authentication failed");
    }

    @Test
    void anUnreachableDatabaseFailsTheConnectorNamingTheUrl() {
        Map<String, String> config = config("bulk");
        config.put("connection.url", "jdbc:postgresql://127.0.0.1:1/nothing");
        config.put("connection.attempts", "2");
        config.put("connection.backoff.ms", "10");

        assertThatThrownBy(() -> start(config, 1))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("jdbc:postgresql://127.0.0.1:1/nothing")
                .hasMessageContaining("after 2 attempt(s)")
                .hasMessageContaining("connection.url");
    }
}
