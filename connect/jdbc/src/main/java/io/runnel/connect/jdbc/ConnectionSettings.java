package io.runnel.connect.jdbc;

import io.runnel.connect.jdbc.dialect.DatabaseDialect;
import io.runnel.connect.jdbc.dialect.DialectFinder;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.TimeZone;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * The connection settings both connectors share ({@code connection.url}, {@code connection.user}, {@code
 * connection.password}, {@code connection.attempts}, {@code connection.backoff.ms}, {@code dialect.name}, {@code
 * db.timezone}), and opening a connection with them: a failure names the URL, the user and the settings to check.
 * Immutable; {@link #open} is thread-safe.
 */
final class ConnectionSettings {

    static final String URL = "connection.url";
    static final String USER = "connection.user";
    static final String PASSWORD = "connection.password";
    static final String ATTEMPTS = "connection.attempts";
    static final String BACKOFF_MS = "connection.backoff.ms";
    static final String DIALECT = "dialect.name";
    static final String TIMEZONE = "db.timezone";

    static ConfigDef define(ConfigDef def) {
        return def.define(URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH, "JDBC connection URL.")
                .define(USER, Type.STRING, null, Importance.HIGH, "JDBC connection user.")
                .define(PASSWORD, Type.PASSWORD, null, Importance.HIGH, "JDBC connection password.")
                .define(
                        ATTEMPTS,
                        Type.INT,
                        3,
                        ConfigDef.Range.atLeast(1),
                        Importance.LOW,
                        "How many times to try to connect before failing.")
                .define(
                        BACKOFF_MS,
                        Type.LONG,
                        10_000L,
                        ConfigDef.Range.atLeast(0),
                        Importance.LOW,
                        "Milliseconds to wait between connection attempts.")
                .define(
                        DIALECT,
                        Type.STRING,
                        "",
                        Importance.LOW,
                        "Dialect to use; empty finds it from the URL (PostgreSql, MySql, Sqlite, H2, Generic).")
                .define(
                        TIMEZONE,
                        Type.STRING,
                        "UTC",
                        (name, value) -> {
                            if (value == null
                                    || !java.time.ZoneId.getAvailableZoneIds().contains(value)
                                            && !value.equals("UTC")) {
                                throw new org.apache.kafka.common.config.ConfigException(
                                        name, value, "not a time zone id");
                            }
                        },
                        Importance.MEDIUM,
                        "Time zone of TIMESTAMP columns without zone.");
    }

    private final String url;
    private final String user;
    private final Password password;
    private final int attempts;
    private final long backoffMs;
    private final DatabaseDialect dialect;
    private final TimeZone timeZone;

    ConnectionSettings(AbstractConfig config) {
        this.url = config.getString(URL);
        this.user = config.getString(USER);
        this.password = config.getPassword(PASSWORD);
        this.attempts = config.getInt(ATTEMPTS);
        this.backoffMs = config.getLong(BACKOFF_MS);
        this.dialect = DialectFinder.find(url, config.getString(DIALECT));
        this.timeZone = TimeZone.getTimeZone(config.getString(TIMEZONE));
    }

    DatabaseDialect dialect() {
        return dialect;
    }

    TimeZone timeZone() {
        return timeZone;
    }

    String url() {
        return url;
    }

    /**
     * Connects through the drivers this plugin's class loader sees (the bundled ones), so plugin isolation does not
     * hide them from {@link DriverManager}; other drivers are found by {@link DriverManager}.
     */
    private Connection connect(Properties properties) throws SQLException {
        for (Driver driver : ServiceLoader.load(Driver.class, ConnectionSettings.class.getClassLoader())) {
            if (driver.acceptsURL(url)) {
                Connection connection = driver.connect(url, properties);
                if (connection != null) {
                    return connection;
                }
            }
        }
        return DriverManager.getConnection(url, properties);
    }

    /** Opens a connection, retrying {@code connection.attempts} times; the failure names what to check. */
    Connection open(Time time) {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password.value());
        }
        SQLException last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                return connect(properties);
            } catch (SQLException e) {
                last = e;
                if (attempt < attempts) {
                    time.sleep(backoffMs);
                }
            }
        }
        throw new ConnectException(
                "cannot connect to " + url + (user == null ? "" : " as user '" + user + "'") + " after " + attempts
                        + " attempt(s); check " + URL + ", " + USER + " and " + PASSWORD + ": " + last.getMessage(),
                last);
    }
}
