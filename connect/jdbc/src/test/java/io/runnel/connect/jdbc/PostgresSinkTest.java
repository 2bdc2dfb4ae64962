package io.runnel.connect.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresSinkTest extends JdbcSinkContract {
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
}
