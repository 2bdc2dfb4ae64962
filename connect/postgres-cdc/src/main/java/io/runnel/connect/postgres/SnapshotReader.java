package io.runnel.connect.postgres;

import io.runnel.connect.postgres.PgOutputMessage.Column;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads the captured tables in chunks of {@code snapshot.fetch.size} rows inside one REPEATABLE READ, read-only
 * transaction, which imports the slot's exported snapshot when there is one (so the snapshot and the stream meet at
 * the slot's consistent point). Tables with a primary key are read in key order, each chunk after the last key read
 * ({@code (k1, k2) > (…)}), so a restart continues after the last chunk whose records were stored; a table without
 * one is read in a single chunk. Every value is read as its text form ({@code col::text}), the form pgoutput sends.
 * Not thread-safe.
 */
final class SnapshotReader implements AutoCloseable {

    /** One snapshot row: its table, its column texts and its key texts (the resume position). */
    record Row(TableSchema table, int tableIndex, List<String> texts, List<String> keyTexts) {}

    private final Connection connection;
    private final List<TableSchema> tables;
    private final int chunkSize;
    private int tableIndex;
    private List<String> lastKey;

    SnapshotReader(
            Connection connection,
            String exportedSnapshot,
            List<TableSchema> tables,
            int chunkSize,
            int startTable,
            List<String> startKey)
            throws SQLException {
        this.connection = connection;
        this.tables = tables;
        this.chunkSize = chunkSize;
        this.tableIndex = startTable;
        this.lastKey = startKey;
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
            s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            if (exportedSnapshot != null) {
                s.execute("SET TRANSACTION SNAPSHOT '" + exportedSnapshot.replace("'", "''") + "'");
            }
        }
    }

    /** The next chunk of rows, empty once every table was read. */
    List<Row> nextChunk() throws SQLException {
        while (tableIndex < tables.size()) {
            TableSchema table = tables.get(tableIndex);
            List<Column> keys = table.columns.stream().filter(Column::key).toList();
            List<Row> rows = keys.isEmpty() ? readAll(table) : readAfter(table, keys);
            if (rows.isEmpty()) {
                tableIndex++;
                lastKey = null;
                continue;
            }
            if (keys.isEmpty() || rows.size() < chunkSize) {
                tableIndex++; // a short chunk is the table's last: done() can tell the last record
                lastKey = null;
            } else {
                lastKey = rows.get(rows.size() - 1).keyTexts();
            }
            return rows;
        }
        return List.of();
    }

    boolean done() {
        return tableIndex >= tables.size();
    }

    private List<Row> readAll(TableSchema table) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT " + textColumns(table) + " FROM " + name(table))) {
            return rows(table, rs, List.of());
        }
    }

    private List<Row> readAfter(TableSchema table, List<Column> keys) throws SQLException {
        String keyList =
                keys.stream().map(c -> ReplicationSetup.quote(c.name())).collect(Collectors.joining(", "));
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(textColumns(table))
                .append(" FROM ")
                .append(name(table));
        if (lastKey != null) {
            sql.append(" WHERE (").append(keyList).append(") > (");
            for (int i = 0; i < keys.size(); i++) {
                sql.append(i == 0 ? "" : ", ")
                        .append("CAST(? AS ")
                        .append(typeName(keys.get(i)))
                        .append(')');
            }
            sql.append(')');
        }
        sql.append(" ORDER BY ").append(keyList).append(" LIMIT ").append(chunkSize);
        try (PreparedStatement ps = connection.prepareStatement(sql.toString())) {
            if (lastKey != null) {
                for (int i = 0; i < lastKey.size(); i++) {
                    ps.setString(i + 1, lastKey.get(i));
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rows(table, rs, keys);
            }
        }
    }

    private List<Row> rows(TableSchema table, ResultSet rs, List<Column> keys) throws SQLException {
        List<Row> rows = new ArrayList<>();
        while (rs.next()) {
            List<String> texts = new ArrayList<>(table.columns.size());
            List<String> keyTexts = new ArrayList<>(keys.size());
            for (int i = 0; i < table.columns.size(); i++) {
                String text = rs.getString(i + 1);
                texts.add(text);
                if (table.columns.get(i).key()) {
                    keyTexts.add(text);
                }
            }
            rows.add(new Row(table, tableIndex, texts, keyTexts));
        }
        return rows;
    }

    private String typeName(Column c) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT format_type(?::oid, ?)")) {
            ps.setLong(1, c.typeOid());
            ps.setInt(2, c.typeModifier());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static String textColumns(TableSchema table) {
        return table.columns.stream()
                .map(c -> ReplicationSetup.quote(c.name()) + "::text")
                .collect(Collectors.joining(", "));
    }

    private static String name(TableSchema table) {
        return ReplicationSetup.quote(table.schemaName) + "." + ReplicationSetup.quote(table.tableName);
    }

    @Override
    public void close() throws SQLException {
        connection.commit();
        connection.close();
    }
}
