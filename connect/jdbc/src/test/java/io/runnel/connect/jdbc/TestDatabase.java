package io.runnel.connect.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/** One fresh, empty database of a contract run, and the connection settings that reach it. */
record TestDatabase(String url, String user, String password) {

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    void execute(String... statements) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** The connector settings that reach this database. */
    Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("connection.url", url);
        if (user != null) {
            settings.put("connection.user", user);
        }
        if (password != null) {
            settings.put("connection.password", password);
        }
        return settings;
    }
}
