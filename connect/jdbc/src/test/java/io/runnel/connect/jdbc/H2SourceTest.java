package io.runnel.connect.jdbc;

class H2SourceTest extends JdbcSourceContract {
    @Override
    TestDatabase newDatabase() {
        return H2Databases.fresh();
    }
}
