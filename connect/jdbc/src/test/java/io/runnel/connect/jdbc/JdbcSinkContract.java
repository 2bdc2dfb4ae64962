package io.runnel.connect.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JDBC sink's contract, run against every database we bundle a dialect for, driving the real task. */
abstract class JdbcSinkContract {

    static final Schema KEY =
            SchemaBuilder.struct().name("key").field("id", Schema.INT32_SCHEMA).build();
    static final Schema VALUE = SchemaBuilder.struct()
            .name("rate")
            .field("id", Schema.INT32_SCHEMA)
            .field("name", Schema.STRING_SCHEMA)
            .field(
                    "score",
                    Decimal.builder(2)
                            .parameter("connect.decimal.precision", "6")
                            .optional()
                            .build())
            .field("day", Date.builder().optional().build())
            .field("at", Timestamp.builder().optional().build())
            .build();

    TestDatabase db;
    final InMemoryTaskContexts contexts = new InMemoryTaskContexts();
    final ManualTime time = new ManualTime(System.currentTimeMillis());
    final List<JdbcSinkTask> tasks = new ArrayList<>();
    long offset;

    abstract TestDatabase newDatabase() throws Exception;

    @BeforeEach
    void freshDatabase() throws Exception {
        db = newDatabase();
    }

    @AfterEach
    void stopAll() {
        tasks.forEach(JdbcSinkTask::stop);
    }

    Map<String, String> config() {
        Map<String, String> config = db.settings();
        config.put("auto.create", "true");
        return config;
    }

    JdbcSinkTask start(Map<String, String> config) {
        JdbcSinkConnector connector = new JdbcSinkConnector(time);
        connector.start(config);
        JdbcSinkTask task = new JdbcSinkTask(time);
        task.initialize(contexts.sink());
        task.start(connector.taskConfigs(1).get(0));
        tasks.add(task);
        return task;
    }

    static Struct rate(int id, String name, String score) {
        return new Struct(VALUE)
                .put("id", id)
                .put("name", name)
                .put("score", score == null ? null : new BigDecimal(score))
                .put("day", new java.util.Date(LocalDate.of(2024, 2, 29).toEpochDay() * 86_400_000L))
                .put("at", new java.util.Date(1_700_000_000_123L));
    }

    SinkRecord record(String topic, Object key, Struct value) {
        return new SinkRecord(topic, 0, key == null ? null : KEY, key, VALUE, value, offset++);
    }

    SinkRecord keyed(int id, Struct value) {
        return new SinkRecord("rates", 0, KEY, new Struct(KEY).put("id", id), VALUE, value, offset++);
    }

    List<List<Object>> rows(String sql) throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    Object value = rs.getObject(i);
                    row.add(
                            value instanceof Integer || value instanceof Long || value instanceof Short
                                    ? ((Number) value).longValue()
                                    : value);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void insertModeCreatesTheTableAndWritesEveryRecordWithItsTypes() throws Exception {
        JdbcSinkTask task = start(config());

        task.put(List.of(record("rates", null, rate(1, "one", "1.50")), record("rates", null, rate(2, "two", null))));

        assertThat(rows(q("SELECT `id`, `name`, `score` FROM `rates` ORDER BY `id`")))
                .hasSize(2);
        List<List<Object>> first = rows(q("SELECT `id`, `name`, `score`, `day`, `at` FROM `rates` WHERE `id` = 1"));
        assertThat(first.get(0).get(0)).isEqualTo(1L);
        assertThat(first.get(0).get(1)).isEqualTo("one");
        assertThat(new BigDecimal(first.get(0).get(2).toString())).isEqualByComparingTo("1.50");
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(q("SELECT `day`, `at`, `score` FROM `rates` WHERE `id` = 2"))) {
            rs.next();
            assertThat(rs.getDate(1).toLocalDate()).isEqualTo(LocalDate.of(2024, 2, 29));
            assertThat(rs.getTimestamp(2, java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("UTC")))
                            .getTime())
                    .isEqualTo(1_700_000_000_123L);
            assertThat(rs.getObject(3)).isNull();
        }
    }

    char quote() {
        return '"';
    }

    @Test
    void upsertByRecordKeyUpdatesTheRowOfTheKey() throws Exception {
        Map<String, String> config = config();
        config.put("insert.mode", "upsert");
        config.put("pk.mode", "record_key");
        JdbcSinkTask task = start(config);

        task.put(List.of(keyed(1, rate(1, "first", "1.00")), keyed(2, rate(2, "other", "2.00"))));
        task.put(List.of(keyed(1, rate(1, "second", "3.00"))));

        assertThat(rows(q("SELECT `id`, `name` FROM `rates` ORDER BY `id`")))
                .containsExactly(List.of(1L, "second"), List.of(2L, "other"));
    }

    @Test
    void aTombstoneDeletesTheRowOfItsKeyWhenDeletesAreEnabled() throws Exception {
        Map<String, String> config = config();
        config.put("insert.mode", "upsert");
        config.put("pk.mode", "record_key");
        config.put("delete.enabled", "true");
        JdbcSinkTask task = start(config);
        task.put(List.of(keyed(1, rate(1, "a", null)), keyed(2, rate(2, "b", null))));

        task.put(List.of(new SinkRecord("rates", 0, KEY, new Struct(KEY).put("id", 1), null, null, offset++)));

        assertThat(rows(q("SELECT `id` FROM `rates`"))).containsExactly(List.of(2L));
    }

    @Test
    void aTableWhoseColumnsAreAllKeyColumnsTakesUpsertsOfTheSameRowTwice() throws Exception {
        Schema pair = SchemaBuilder.struct()
                .field("a", Schema.INT32_SCHEMA)
                .field("b", Schema.STRING_SCHEMA)
                .build();
        Map<String, String> config = config();
        config.put("insert.mode", "upsert");
        config.put("pk.mode", "record_value");
        JdbcSinkTask task = start(config);
        Struct value = new Struct(pair).put("a", 1).put("b", "x");

        task.put(List.of(new SinkRecord("pairs", 0, null, null, pair, value, 0)));
        task.put(List.of(new SinkRecord("pairs", 0, null, null, pair, value, 1)));

        assertThat(rows(q("SELECT `a`, `b` FROM `pairs`"))).containsExactly(List.of(1L, "x"));
    }

    @Test
    void kafkaPrimaryKeysAreTheTopicPartitionAndOffset() throws Exception {
        Map<String, String> config = config();
        config.put("pk.mode", "kafka");
        config.put("table.name.format", "kafka_${topic}");
        JdbcSinkTask task = start(config);

        task.put(List.of(record("rates", null, rate(7, "x", null))));

        assertThat(rows(q("SELECT `__connect_topic`, `__connect_partition`, `__connect_offset`, `id` FROM"
                        + " `kafka_rates`")))
                .containsExactly(List.of("rates", 0L, 0L, 7L));
    }

    @Test
    void updateModeUpdatesExistingRowsAndInsertsNone() throws Exception {
        Map<String, String> config = config();
        config.put("insert.mode", "upsert");
        config.put("pk.mode", "record_key");
        start(config).put(List.of(keyed(1, rate(1, "a", null))));
        config.put("insert.mode", "update");
        JdbcSinkTask task = start(config);

        task.put(List.of(keyed(1, rate(1, "changed", null)), keyed(2, rate(2, "new", null))));

        assertThat(rows(q("SELECT `id`, `name` FROM `rates`"))).containsExactly(List.of(1L, "changed"));
    }

    @Test
    void autoEvolveAddsANullableColumnForANewOptionalField() throws Exception {
        Map<String, String> config = config();
        config.put("auto.evolve", "true");
        JdbcSinkTask task = start(config);
        task.put(List.of(record("rates", null, rate(1, "a", null))));
        Schema wider = SchemaBuilder.struct()
                .field("id", Schema.INT32_SCHEMA)
                .field("name", Schema.STRING_SCHEMA)
                .field("comment", Schema.OPTIONAL_STRING_SCHEMA)
                .build();

        task.put(List.of(new SinkRecord(
                "rates",
                0,
                null,
                null,
                wider,
                new Struct(wider).put("id", 2).put("name", "b").put("comment", "hi"),
                9)));

        assertThat(rows(q("SELECT `id`, `comment` FROM `rates` ORDER BY `id`")))
                .containsExactly(java.util.Arrays.asList(1L, null), List.of(2L, "hi"));
    }

    @Test
    void aNewRequiredFieldIsATaskErrorNamingTheColumn() throws Exception {
        Map<String, String> config = config();
        config.put("auto.evolve", "true");
        JdbcSinkTask task = start(config);
        task.put(List.of(record("rates", null, rate(1, "a", null))));
        Schema wider = SchemaBuilder.struct()
                .field("id", Schema.INT32_SCHEMA)
                .field("name", Schema.STRING_SCHEMA)
                .field("weight", Schema.INT32_SCHEMA)
                .build();

        assertThatThrownBy(() -> task.put(List.of(new SinkRecord(
                        "rates",
                        0,
                        null,
                        null,
                        wider,
                        new Struct(wider).put("id", 2).put("name", "b").put("weight", 3),
                        9))))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("weight")
                .hasMessageContaining("auto.evolve");
        assertThat(rows(q("SELECT `id` FROM `rates`"))).containsExactly(List.of(1L));
    }

    @Test
    void aMissingTableWithoutAutoCreateFailsNamingTheTableAndTheSetting() {
        Map<String, String> config = config();
        config.put("auto.create", "false");
        JdbcSinkTask task = start(config);

        assertThatThrownBy(() -> task.put(List.of(record("absent", null, rate(1, "a", null)))))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("absent")
                .hasMessageContaining("auto.create");
    }

    @Test
    void upsertIntoATableWithoutAPrimaryKeyFailsNamingTheTableAndTheSetting() throws Exception {
        db.execute(q("CREATE TABLE `rates` (`id` INTEGER NOT NULL, `name` VARCHAR(20) NOT NULL, `score` DECIMAL(6,2),"
                + " `day` DATE, `at` TIMESTAMP)"));
        Map<String, String> config = config();
        config.put("insert.mode", "upsert");
        config.put("pk.mode", "record_key");
        JdbcSinkTask task = start(config);

        assertThatThrownBy(() -> task.put(List.of(keyed(1, rate(1, "a", null)))))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("rates")
                .hasMessageContaining("no primary key")
                .hasMessageContaining("insert.mode");
    }

    @Test
    void onePutIsOneTransactionSoAFailingRecordLeavesNoRowOfThePut() throws Exception {
        db.execute(q("CREATE TABLE `rates` (`id` INTEGER NOT NULL PRIMARY KEY, `name` VARCHAR(20) NOT NULL,"
                + " `score` DECIMAL(6,2), `day` DATE, `at` TIMESTAMP)"));
        JdbcSinkTask task = start(config());

        assertThatThrownBy(() -> task.put(List.of(
                        record("rates", null, rate(1, "a", null)),
                        record("rates", null, rate(2, "b", null)),
                        record("rates", null, rate(1, "duplicate key", null)))))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("rolled back");
        assertThat(rows(q("SELECT `id` FROM `rates`"))).isEmpty();

        task.put(List.of(record("rates", null, rate(1, "a", null))));
        assertThat(rows(q("SELECT `id` FROM `rates`"))).containsExactly(List.of(1L));
    }

    @Test
    void upsertWithoutAPrimaryKeyModeIsAConfigErrorNamingPkMode() {
        Map<String, String> config = config();
        config.put("insert.mode", "upsert");

        assertThatThrownBy(() -> start(config)).hasMessageContaining("pk.mode");
    }

    /** Rewrites back-quoted identifiers in test SQL to this database's quoting. */
    String q(String sql) {
        return sql.replace('`', quote());
    }
}
