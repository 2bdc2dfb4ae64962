package io.runnel.connect.jdbc;

import java.util.Map;

/** The sink contract through the generic dialect (update-then-insert instead of a native upsert), on H2. */
class H2GenericDialectSinkTest extends JdbcSinkContract {
    @Override
    TestDatabase newDatabase() {
        return H2Databases.fresh();
    }

    @Override
    Map<String, String> config() {
        Map<String, String> config = super.config();
        config.put("dialect.name", "Generic");
        return config;
    }
}
