package io.runnel.connect.postgres;

import io.runnel.connect.postgres.PgOutputMessage.Delete;
import io.runnel.connect.postgres.PgOutputMessage.Insert;
import io.runnel.connect.postgres.PgOutputMessage.TupleData;
import io.runnel.connect.postgres.PgOutputMessage.Update;
import io.runnel.connect.postgres.PgOutputMessage.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns decoded row changes into Debezium's change events: value {@code {before, after, source, transaction, op,
 * ts_ms, ts_us, ts_ns}} with {@code op} c (insert), u (update), d (delete), r (snapshot read), t (truncate); key the
 * primary key struct (null for a truncate or a table without key); a tombstone (same key, null value) after each
 * delete when {@code tombstones.on.delete}; an update that changes the key becomes a delete of the old key (and its
 * tombstone) and a create of the new one, as Debezium does. {@code ts_*} are the connector's processing time from
 * the injected {@link Time}. Stateless apart from its settings; thread-confined to the task.
 */
final class ChangeEvents {

    /** A record before its offset is known (the task numbers the records of a transaction). */
    record Pending(String topic, Schema keySchema, Struct key, Schema valueSchema, Struct value) {
        SourceRecord toRecord(Map<String, ?> partition, Map<String, ?> offset) {
            return new SourceRecord(partition, offset, topic, null, keySchema, key, valueSchema, value);
        }
    }

    private final PostgresCdcConfig config;
    private final Time time;

    ChangeEvents(PostgresCdcConfig config, Time time) {
        this.config = config;
        this.time = time;
    }

    List<Pending> insert(TableSchema t, Insert insert, SourceInfo source) {
        Struct after = t.row(i -> insert.newTuple().values().get(i), null);
        return List.of(event(t, t.key(after), null, after, "c", source));
    }

    List<Pending> update(TableSchema t, Update update, SourceInfo source) {
        Struct before = update.oldTuple() == null || update.oldIsKeyOnly()
                ? null
                : t.row(i -> update.oldTuple().values().get(i), null);
        Struct after = t.row(i -> update.newTuple().values().get(i), before);
        Struct newKey = t.key(after);
        Struct oldKey = update.oldTuple() == null ? newKey : t.key(oldRow(t, update.oldTuple(), update.oldIsKeyOnly()));
        if (Objects.equals(oldKey, newKey)) {
            return List.of(event(t, newKey, before, after, "u", source));
        }
        List<Pending> out = new ArrayList<>();
        Struct oldRow = before != null ? before : oldRow(t, update.oldTuple(), true);
        out.add(event(t, oldKey, oldRow, null, "d", source));
        if (config.getBoolean(PostgresCdcConfig.TOMBSTONES_ON_DELETE)) {
            out.add(new Pending(t.topic, t.keySchema, oldKey, null, null));
        }
        out.add(event(t, newKey, null, after, "c", source));
        return out;
    }

    List<Pending> delete(TableSchema t, Delete delete, SourceInfo source) {
        Struct before = oldRow(t, delete.oldTuple(), delete.oldIsKeyOnly());
        Struct key = t.key(before);
        List<Pending> out = new ArrayList<>();
        out.add(event(t, key, before, null, "d", source));
        if (config.getBoolean(PostgresCdcConfig.TOMBSTONES_ON_DELETE) && key != null) {
            out.add(new Pending(t.topic, t.keySchema, key, null, null));
        }
        return out;
    }

    List<Pending> truncate(TableSchema t, SourceInfo source) {
        Pending e = event(t, null, null, null, "t", source);
        return List.of(new Pending(e.topic(), null, null, e.valueSchema(), e.value()));
    }

    SourceRecord snapshotRecord(SnapshotReader.Row row, long snapshotLsn, boolean last) {
        TableSchema t = row.table();
        Struct after = t.row(
                i -> row.texts().get(i) == null
                        ? Value.NULL
                        : new Value('t', row.texts().get(i)),
                null);
        long nowMicros = time.milliseconds() * 1000;
        SourceInfo source = new SourceInfo(
                config.topicPrefix(),
                config.getString(PostgresCdcConfig.DBNAME),
                t.schemaName,
                t.tableName,
                last ? "last" : "true",
                nowMicros,
                null,
                snapshotLsn,
                null);
        Pending e = event(t, t.key(after), null, after, "r", source);
        OffsetPosition offset = new OffsetPosition(snapshotLsn, null, -1, true, row.tableIndex(), row.keyTexts());
        return e.toRecord(OffsetPosition.partition(config.topicPrefix()), offset.toMap());
    }

    /** The old image: the whole row ('O'), or only its key columns filled ('K', the other columns null). */
    private static Struct oldRow(TableSchema t, TupleData old, boolean keyOnly) {
        return t.row(
                i -> keyOnly && !t.columns.get(i).key()
                        ? Value.NULL
                        : old.values().get(i),
                null);
    }

    private Pending event(TableSchema t, Struct key, Struct before, Struct after, String op, SourceInfo source) {
        long nowMs = time.milliseconds();
        Struct value = new Struct(t.envelopeSchema)
                .put("before", before)
                .put("after", after)
                .put("source", source.toStruct())
                .put("op", op)
                .put("ts_ms", nowMs)
                .put("ts_us", nowMs * 1000)
                .put("ts_ns", nowMs * 1_000_000);
        return new Pending(t.topic, key == null ? null : t.keySchema, key, t.envelopeSchema, value);
    }
}
