package io.runnel.connect.jdbc;

import java.util.UUID;

/** Fresh in-memory H2 databases, one per test. */
final class H2Databases {
    private H2Databases() {}

    static TestDatabase fresh() {
        return new TestDatabase("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    }
}
