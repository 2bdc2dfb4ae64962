package io.runnel.connect.jdbc.dialect;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.apache.kafka.common.config.ConfigException;

/**
 * Finds the dialect for a connection: the one named by {@code dialect.name}, else the first that accepts the URL,
 * else the generic one. Looks the dialects up with {@link ServiceLoader} on each call; holds no state.
 */
public final class DialectFinder {

    private DialectFinder() {}

    public static List<DatabaseDialect> all() {
        List<DatabaseDialect> dialects = new ArrayList<>();
        ServiceLoader.load(DatabaseDialect.class, DatabaseDialect.class.getClassLoader())
                .forEach(dialects::add);
        return dialects;
    }

    public static DatabaseDialect find(String jdbcUrl, String dialectName) {
        List<DatabaseDialect> dialects = all();
        if (dialectName != null && !dialectName.isBlank()) {
            return dialects.stream()
                    .filter(d -> d.name().equalsIgnoreCase(dialectName)
                            || d.name().equalsIgnoreCase(dialectName + "DatabaseDialect"))
                    .findFirst()
                    .orElseThrow(() -> new ConfigException(
                            "dialect.name",
                            dialectName,
                            "no such dialect; known: "
                                    + dialects.stream()
                                            .map(DatabaseDialect::name)
                                            .toList()));
        }
        return dialects.stream().filter(d -> d.accepts(jdbcUrl)).findFirst().orElseGet(GenericDialect::new);
    }
}
