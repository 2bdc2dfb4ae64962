package io.runnel.connect.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteSinkTest extends JdbcSinkContract {
    @TempDir
    Path dir;

    @Override
    TestDatabase newDatabase() {
        return new TestDatabase("jdbc:sqlite:" + dir.resolve("test.db"), null, null);
    }
}
