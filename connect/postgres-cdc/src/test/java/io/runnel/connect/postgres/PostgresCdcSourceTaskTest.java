package io.runnel.connect.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The task against a real PostgreSQL with {@code wal_level=logical}; each test has its own table, slot and publication. */
class PostgresCdcSourceTaskTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static PostgresServer pg;

    @BeforeAll
    static void startPostgres() {
        pg = new PostgresServer("logical");
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        pg.close();
    }

    @Test
    void snapshotThenInsertsUpdatesAndDeletesArriveInDebeziumsEnvelope() throws Exception {
        pg.sql(
                "CREATE TABLE rates (id int PRIMARY KEY, name text, rate numeric(5,2), at timestamp)",
                "INSERT INTO rates VALUES (1, 'old', 1.50, '2024-01-02 03:04:05.123456')");
        try (TaskHarness t =
                new TaskHarness(pg.connectorConfig("envelope", "public.rates"), new TaskHarness.Offsets())) {
            List<SourceRecord> snapshot = t.pollUntil(1, WAIT);
            pg.sql(
                    "INSERT INTO rates VALUES (2, 'two', 2.25, NULL)",
                    "UPDATE rates SET name = 'TWO' WHERE id = 2",
                    "DELETE FROM rates WHERE id = 1");
            List<SourceRecord> changes = t.pollUntil(4, WAIT);

            SourceRecord read = snapshot.get(0);
            assertThat(read.topic()).isEqualTo("server1.public.rates");
            assertThat(((Struct) read.key()).get("id")).isEqualTo(1);
            assertThat(read.keySchema().name()).isEqualTo("server1.public.rates.Key");
            Struct r = (Struct) read.value();
            assertThat(r.schema().name()).isEqualTo("server1.public.rates.Envelope");
            assertThat(r.get("op")).isEqualTo("r");
            assertThat(r.get("before")).isNull();
            assertThat(r.getStruct("after").get("rate")).isEqualTo(new BigDecimal("1.50"));
            assertThat(r.getStruct("after").get("at")).isEqualTo(1704164645123456L);
            assertThat(r.getStruct("source").get("snapshot")).isEqualTo("last");

            assertThat(changes)
                    .extracting(c -> c.value() == null ? "tombstone" : ((Struct) c.value()).get("op"))
                    .containsExactly("c", "u", "d", "tombstone");
            Struct create = (Struct) changes.get(0).value();
            assertThat(create.get("before")).isNull();
            assertThat(create.getStruct("after").get("name")).isEqualTo("two");
            Struct source = create.getStruct("source");
            assertThat(source.schema().name()).isEqualTo("io.debezium.connector.postgresql.Source");
            assertThat(source.get("connector")).isEqualTo("postgresql");
            assertThat(source.get("name")).isEqualTo("server1");
            assertThat(source.get("db")).isEqualTo("postgres");
            assertThat(source.get("schema")).isEqualTo("public");
            assertThat(source.get("table")).isEqualTo("rates");
            assertThat(source.get("snapshot")).isEqualTo("false");
            assertThat(source.getInt64("txId")).isPositive();
            assertThat(source.getInt64("lsn")).isPositive();
            Struct update = (Struct) changes.get(1).value();
            assertThat(update.getStruct("after").get("name")).isEqualTo("TWO");
            assertThat(((Struct) changes.get(1).key()).get("id")).isEqualTo(2);
            Struct delete = (Struct) changes.get(2).value();
            assertThat(delete.get("after")).isNull();
            assertThat(delete.getStruct("before").get("id")).isEqualTo(1);
            assertThat(changes.get(3).key()).isEqualTo(changes.get(2).key());
            assertThat(changes.get(3).valueSchema()).isNull();
        }
    }

    @Test
    void theSlotIsConfirmedOnlyAfterKafkaAcknowledgedAndARestartResumesWithNothingLostOrRepeated() throws Exception {
        pg.sql("CREATE TABLE resume (id int PRIMARY KEY, v text)");
        Map<String, String> config = pg.connectorConfig("resume", "public.resume");
        TaskHarness.Offsets offsets = new TaskHarness.Offsets();
        String createdAt;
        try (TaskHarness t = new TaskHarness(config, offsets)) {
            createdAt = confirmedFlush("resume");
            pg.sql("INSERT INTO resume VALUES (1, 'a')", "INSERT INTO resume VALUES (2, 'b')");
            List<SourceRecord> first = t.pollUntil(2, WAIT);
            for (int i = 0; i < 3; i++) {
                assertThat(t.task.poll()).isNull();
            }
            assertThat(confirmedFlush("resume")).as("nothing acknowledged yet").isEqualTo(createdAt);
            t.acknowledge(first.subList(0, 1));
            awaitConfirmedFlushPast(t, createdAt);
            assertThat(ids(first)).containsExactly(1, 2);
        }
        pg.sql("INSERT INTO resume VALUES (3, 'c')");
        try (TaskHarness t = new TaskHarness(config, offsets)) {
            List<SourceRecord> again = t.pollUntil(2, WAIT);
            assertThat(ids(again))
                    .as("the unacknowledged row comes again, the acknowledged one does not")
                    .containsExactly(2, 3);
        }
    }

    @Test
    void aSnapshotInterruptedAfterAChunkContinuesFromTheNextChunk() throws Exception {
        pg.sql(
                "CREATE TABLE chunks (id int PRIMARY KEY, v text)",
                "INSERT INTO chunks SELECT g, 'v' || g FROM generate_series(1, 5) g");
        Map<String, String> config = pg.connectorConfig("chunks", "public.chunks");
        config.put("snapshot.fetch.size", "2");
        TaskHarness.Offsets offsets = new TaskHarness.Offsets();
        try (TaskHarness t = new TaskHarness(config, offsets)) {
            List<SourceRecord> chunk = t.task.poll();
            assertThat(ids(chunk)).containsExactly(1, 2);
            t.acknowledge(chunk);
        }
        pg.sql("INSERT INTO chunks VALUES (6, 'v6')");
        try (TaskHarness t = new TaskHarness(config, offsets)) {
            List<SourceRecord> rest = t.pollUntil(4, WAIT);
            assertThat(ids(rest)).containsExactly(3, 4, 5, 6);
            assertThat(rest).extracting(r -> ((Struct) r.value()).get("op")).containsExactly("r", "r", "r", "r");
        }
    }

    private static List<Integer> ids(List<SourceRecord> records) {
        return records.stream().map(r -> (Integer) ((Struct) r.key()).get("id")).toList();
    }

    private static void awaitConfirmedFlushPast(TaskHarness t, String before) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (confirmedFlush("resume").equals(before)) {
            assertThat(System.nanoTime()).as("the slot was never confirmed").isLessThan(deadline);
            t.task.poll();
        }
    }

    static String confirmedFlush(String slot) throws Exception {
        try (Connection c = pg.connect();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
