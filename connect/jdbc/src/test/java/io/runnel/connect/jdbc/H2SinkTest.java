package io.runnel.connect.jdbc;

class H2SinkTest extends JdbcSinkContract {
    @Override
    TestDatabase newDatabase() {
        return H2Databases.fresh();
    }
}
