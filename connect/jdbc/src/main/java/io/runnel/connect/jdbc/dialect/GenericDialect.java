package io.runnel.connect.jdbc.dialect;

import java.util.List;
import java.util.Optional;

/** The fallback for databases without a dialect of their own: ANSI quoting, no native upsert. */
public final class GenericDialect implements DatabaseDialect {

    @Override
    public String name() {
        return "GenericDatabaseDialect";
    }

    @Override
    public boolean accepts(String jdbcUrl) {
        return false;
    }

    @Override
    public Optional<String> upsert(String table, List<String> keyColumns, List<String> nonKeyColumns) {
        return Optional.empty();
    }
}
