package io.runnel.connect.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JDBC source's contract, run against every database we bundle a dialect for: the real connector and tasks, with
 * the runtime's offset storage kept in memory ({@link InMemoryTaskContexts}).
 */
abstract class JdbcSourceContract {

    static final Timestamp SEED_TIME = ts("2015-12-30T22:59:59");

    TestDatabase db;
    final InMemoryTaskContexts contexts = new InMemoryTaskContexts();
    final ManualTime time = new ManualTime(System.currentTimeMillis());
    final List<JdbcSourceTask> tasks = new ArrayList<>();
    JdbcSourceConnector connector;

    abstract TestDatabase newDatabase() throws Exception;

    @BeforeEach
    void createCustomerTable() throws Exception {
        db = newDatabase();
        db.execute(
                "CREATE TABLE \"customer\" (\"cust_id\" INTEGER NOT NULL PRIMARY KEY, \"birth_date\" DATE NOT NULL,"
                        + " \"first_name\" VARCHAR(50) NOT NULL, \"balance\" DECIMAL(10,2), \"lastupdated\" TIMESTAMP NOT NULL)");
    }

    @AfterEach
    void stopAll() {
        tasks.forEach(JdbcSourceTask::stop);
        if (connector != null) {
            connector.stop();
        }
    }

    static Timestamp ts(String localDateTime) {
        return Timestamp.from(LocalDateTime.parse(localDateTime).toInstant(ZoneOffset.UTC));
    }

    void insert(int id, String name, Timestamp lastUpdated) throws Exception {
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement("INSERT INTO \"customer\" VALUES (?, ?, ?, ?, ?)")) {
            ps.setInt(1, id);
            ps.setDate(2, java.sql.Date.valueOf(LocalDate.of(1953, 9, 2)));
            ps.setString(3, name);
            ps.setBigDecimal(4, new BigDecimal("1234.50"));
            ps.setTimestamp(5, lastUpdated, java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("UTC")));
            ps.executeUpdate();
        }
    }

    void update(int id, String name, Timestamp lastUpdated) throws Exception {
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE \"customer\" SET \"first_name\" = ?, \"lastupdated\" = ? WHERE \"cust_id\" = ?")) {
            ps.setString(1, name);
            ps.setTimestamp(2, lastUpdated, java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("UTC")));
            ps.setInt(3, id);
            ps.executeUpdate();
        }
    }

    Map<String, String> config(String mode) {
        Map<String, String> config = db.settings();
        config.put("mode", mode);
        config.put("table.whitelist", "customer");
        config.put("poll.interval.ms", "1000");
        config.put("timestamp.column.name", "lastupdated");
        config.put("incrementing.column.name", "cust_id");
        return config;
    }

    /** Starts the connector and one task per task config it gives, as the runtime would. */
    List<JdbcSourceTask> start(Map<String, String> config, int maxTasks) {
        connector = new JdbcSourceConnector(time);
        connector.initialize(contexts.connector());
        connector.start(config);
        List<JdbcSourceTask> started = new ArrayList<>();
        for (Map<String, String> taskConfig : connector.taskConfigs(maxTasks)) {
            JdbcSourceTask task = new JdbcSourceTask(time);
            task.initialize(contexts.source());
            task.start(taskConfig);
            started.add(task);
        }
        tasks.addAll(started);
        return started;
    }

    JdbcSourceTask startOne(Map<String, String> config) {
        return start(config, 1).get(0);
    }

    /** Polls until {@code count} records came or the task's schedule ran 50 times; commits what it returns. */
    List<SourceRecord> poll(JdbcSourceTask task, int count) throws Exception {
        List<SourceRecord> out = new ArrayList<>();
        for (int i = 0; i < 500 && out.size() < count; i++) {
            List<SourceRecord> batch = task.poll();
            if (batch != null) {
                out.addAll(batch);
                contexts.commit(batch);
            }
        }
        return out;
    }

    /** Runs the task's schedule for several poll intervals and returns whatever came. */
    List<SourceRecord> drain(JdbcSourceTask task) throws Exception {
        return poll(task, Integer.MAX_VALUE);
    }

    static Set<Integer> ids(List<SourceRecord> records) {
        Set<Integer> ids = new HashSet<>();
        records.forEach(r -> ids.add(((Struct) r.value()).getInt32("cust_id")));
        return ids;
    }

    static List<Integer> idList(List<SourceRecord> records) {
        return records.stream()
                .map(r -> ((Struct) r.value()).getInt32("cust_id"))
                .toList();
    }

    @Test
    void timestampModeEmitsRowsAsStructsNamedAfterTheTableAndAnUpdateAfterTheNextPoll() throws Exception {
        insert(10001, "Georgi", SEED_TIME);
        insert(10002, "Bezalel", SEED_TIME);
        JdbcSourceTask task = startOne(config("timestamp"));

        List<SourceRecord> records = poll(task, 2);

        assertThat(records).hasSize(2);
        SourceRecord first = records.get(0);
        assertThat(first.topic()).isEqualTo("customer");
        Schema schema = first.valueSchema();
        assertThat(schema.name()).isEqualTo("customer");
        assertThat(schema.fields())
                .extracting(f -> f.name())
                .containsExactly("cust_id", "birth_date", "first_name", "balance", "lastupdated");
        assertThat(schema.field("cust_id").schema().type()).isEqualTo(Schema.Type.INT32);
        assertThat(schema.field("cust_id").schema().isOptional()).isFalse();
        assertThat(schema.field("first_name").schema().type()).isEqualTo(Schema.Type.STRING);
        assertThat(schema.field("balance").schema().name()).isEqualTo(Decimal.LOGICAL_NAME);
        assertThat(schema.field("balance").schema().parameters()).containsEntry(Decimal.SCALE_FIELD, "2");
        assertThat(schema.field("balance").schema().isOptional()).isTrue();
        assertThat(schema.field("birth_date").schema().name())
                .isEqualTo(org.apache.kafka.connect.data.Date.LOGICAL_NAME);
        assertThat(schema.field("lastupdated").schema().name())
                .isEqualTo(org.apache.kafka.connect.data.Timestamp.LOGICAL_NAME);
        Struct georgi = records.stream()
                .map(r -> (Struct) r.value())
                .filter(s -> s.getInt32("cust_id") == 10001)
                .findFirst()
                .orElseThrow();
        assertThat(georgi.getString("first_name")).isEqualTo("Georgi");
        assertThat((BigDecimal) georgi.get("balance")).isEqualByComparingTo("1234.50");
        assertThat(((java.util.Date) georgi.get("birth_date")).getTime())
                .isEqualTo(LocalDate.of(1953, 9, 2).toEpochDay() * 86_400_000L);
        assertThat(((java.util.Date) georgi.get("lastupdated")).getTime()).isEqualTo(SEED_TIME.getTime());

        update(10001, "Georg", ts("2016-01-04T10:00:00"));
        List<SourceRecord> next = poll(task, 1);

        assertThat(next).hasSize(1);
        assertThat(((Struct) next.get(0).value()).getString("first_name")).isEqualTo("Georg");
        assertThat(drain(task)).isEmpty();
    }

    @Test
    void rowsSharingATimestampAreNotLostWhenABatchEndsInsideThemAndTheTaskRestarts() throws Exception {
        for (int id = 1; id <= 5; id++) {
            insert(id, "c" + id, SEED_TIME);
        }
        Map<String, String> config = config("timestamp");
        config.put("batch.max.rows", "2");
        JdbcSourceTask task = startOne(config);
        List<SourceRecord> before = task.poll();
        contexts.commit(before);
        assertThat(before).hasSize(2);
        task.stop();

        JdbcSourceTask restarted = new JdbcSourceTask(time);
        restarted.initialize(contexts.source());
        restarted.start(connector.taskConfigs(1).get(0));
        tasks.add(restarted);
        List<SourceRecord> after = poll(restarted, 5);

        assertThat(ids(after)).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
        insert(6, "c6", ts("2016-01-01T00:00:00"));
        assertThat(idList(drain(restarted))).containsExactly(6);
    }

    @Test
    void timestampIncrementingResumesAfterARestartWithoutGapsOrDuplicates() throws Exception {
        for (int id = 1; id <= 5; id++) {
            insert(id, "c" + id, SEED_TIME);
        }
        Map<String, String> config = config("timestamp+incrementing");
        config.put("batch.max.rows", "2");
        JdbcSourceTask task = startOne(config);
        List<SourceRecord> before = task.poll();
        contexts.commit(before);
        task.stop();

        JdbcSourceTask restarted = new JdbcSourceTask(time);
        restarted.initialize(contexts.source());
        restarted.start(connector.taskConfigs(1).get(0));
        tasks.add(restarted);
        List<SourceRecord> after = drain(restarted);

        assertThat(idList(before)).containsExactly(1, 2);
        assertThat(idList(after)).containsExactly(3, 4, 5);
    }

    @Test
    void incrementingModeSeesNewRowsOnly() throws Exception {
        insert(1, "a", SEED_TIME);
        insert(2, "b", SEED_TIME);
        JdbcSourceTask task = startOne(config("incrementing"));
        assertThat(idList(poll(task, 2))).containsExactly(1, 2);

        update(1, "a2", ts("2016-01-01T00:00:00"));
        insert(3, "c", SEED_TIME);

        assertThat(idList(drain(task))).containsExactly(3);
    }

    @Test
    void bulkModeReadsTheWholeTableOnEveryPoll() throws Exception {
        insert(1, "a", SEED_TIME);
        insert(2, "b", SEED_TIME);
        JdbcSourceTask task = startOne(config("bulk"));

        assertThat(ids(poll(task, 2))).containsExactlyInAnyOrder(1, 2);
        assertThat(ids(poll(task, 2))).containsExactlyInAnyOrder(1, 2);
    }

    @Test
    void aCustomQueryWritesToTheTopicPrefixAndHasTheQuerysColumns() throws Exception {
        insert(1, "a", SEED_TIME);
        Map<String, String> config = config("incrementing");
        config.remove("table.whitelist");
        config.put("query", "SELECT \"cust_id\", \"first_name\" FROM \"customer\"");
        config.put("topic.prefix", "customer-names");
        JdbcSourceTask task = startOne(config);

        List<SourceRecord> records = poll(task, 1);

        assertThat(records).hasSize(1);
        assertThat(records.get(0).topic()).isEqualTo("customer-names");
        assertThat(records.get(0).valueSchema().fields())
                .extracting(f -> f.name())
                .containsExactly("cust_id", "first_name");
        assertThat(records.get(0).sourcePartition()).isEqualTo(Map.of("query", "query"));
    }

    @Test
    void tablesAreSpreadOverTheTasksAndANewTableIsDiscovered() throws Exception {
        db.execute(
                "CREATE TABLE \"orders\" (\"id\" INTEGER NOT NULL PRIMARY KEY)",
                "CREATE TABLE \"items\" (\"id\" INTEGER NOT NULL PRIMARY KEY)");
        Map<String, String> config = config("bulk");
        config.remove("table.whitelist");
        config.put("table.include.list", "customer|orders|items|late.*");
        config.put("table.poll.interval.ms", "20");
        start(config, 2);

        List<Map<String, String>> taskConfigs = connector.taskConfigs(2);
        assertThat(taskConfigs).hasSize(2);
        List<String> assigned = new ArrayList<>();
        taskConfigs.forEach(c -> assigned.addAll(List.of(c.get("tables").split(","))));
        assertThat(assigned).hasSize(3);
        assertThat(assigned.stream().map(t -> t.substring(t.lastIndexOf('.') + 1)))
                .containsExactlyInAnyOrder("customer", "orders", "items");

        db.execute("CREATE TABLE \"late_table\" (\"id\" INTEGER NOT NULL PRIMARY KEY)");
        awaitCondition(() -> contexts.reconfigurations.get() > 0);

        List<String> now = new ArrayList<>();
        connector.taskConfigs(2).forEach(c -> now.addAll(List.of(c.get("tables").split(","))));
        assertThat(now).hasSize(4).anyMatch(t -> t.endsWith("late_table"));
    }

    @Test
    void aWhitelistedTableThatDoesNotExistFailsTheConnectorNamingItAndTheSetting() {
        Map<String, String> config = config("bulk");
        config.put("table.whitelist", "customer,no_such_table");

        assertThatThrownBy(() -> start(config, 1))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("no_such_table")
                .hasMessageContaining("table.whitelist");
    }

    @Test
    void aMissingTimestampColumnFailsThePollNamingTheSetting() {
        Map<String, String> config = config("timestamp");
        config.put("timestamp.column.name", "modified_at");
        JdbcSourceTask task = startOne(config);

        assertThatThrownBy(() -> poll(task, 1))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("customer")
                .hasMessageContaining("timestamp.column.name");
    }

    /** A bounded wait on a condition (the connector's table watcher runs on its own thread). */
    static void awaitCondition(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    static Map<String, String> copy(Map<String, String> map) {
        return new HashMap<>(map);
    }
}
