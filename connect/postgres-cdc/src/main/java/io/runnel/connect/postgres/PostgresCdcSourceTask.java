package io.runnel.connect.postgres;

import io.runnel.connect.postgres.PgOutputMessage.Begin;
import io.runnel.connect.postgres.PgOutputMessage.Commit;
import io.runnel.connect.postgres.PgOutputMessage.Delete;
import io.runnel.connect.postgres.PgOutputMessage.Insert;
import io.runnel.connect.postgres.PgOutputMessage.Relation;
import io.runnel.connect.postgres.PgOutputMessage.Truncate;
import io.runnel.connect.postgres.PgOutputMessage.Update;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.postgresql.PGConnection;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;
import org.postgresql.replication.ReplicationSlotInfo;

/**
 * The one task of {@link PostgresCdcSourceConnector}: prepares the server ({@link ReplicationSetup}), takes the
 * initial snapshot ({@link SnapshotReader}) when the slot is new or a snapshot was interrupted, then streams the
 * slot's pgoutput messages as Debezium-style change events ({@link ChangeEvents}). The slot is confirmed only up to
 * transactions Kafka acknowledged ({@link AckTracker}). {@code poll} runs on the runtime's task thread,
 * {@code commitRecord} on the producer's; {@code stop} closes the connections.
 */
public final class PostgresCdcSourceTask extends SourceTask {

    private final Time time;
    private final PgOutputDecoder decoder = new PgOutputDecoder();
    private final AckTracker acks = new AckTracker();
    private final Map<Integer, TableSchema> relations = new HashMap<>();
    private PostgresCdcConfig config;
    private ReplicationSetup setup;
    private ChangeEvents events;
    private Connection replication;
    private PGReplicationStream stream;
    private SnapshotReader snapshot;
    private long snapshotLsn;
    private OffsetPosition resumeAfter;
    private Begin currentTxn;
    private long eventIndex;
    private long lastCommittedLsn;
    private volatile boolean stopping;

    public PostgresCdcSourceTask() {
        this(Time.SYSTEM);
    }

    PostgresCdcSourceTask(Time time) {
        this.time = time;
    }

    @Override
    public String version() {
        return SourceInfo.VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        config = new PostgresCdcConfig(props);
        setup = new ReplicationSetup(config, time);
        events = new ChangeEvents(config, time);
        String prefix = config.topicPrefix();
        OffsetPosition stored =
                OffsetPosition.fromMap(context.offsetStorageReader().offset(OffsetPosition.partition(prefix)));
        try (Connection c = setup.connect()) {
            setup.checkWalLevel(c);
            setup.ensurePublication(c);
            List<String[]> published = setup.publishedTables(c);
            ReplicationSetup.SlotState slot = setup.slot(c);
            replication = setup.connectForReplication();
            String exported = null;
            if (slot == null) {
                ReplicationSlotInfo info = setup.createSlot(replication);
                exported = info.getSnapshotName();
                snapshotLsn = info.getConsistentPoint().asLong();
            } else {
                snapshotLsn =
                        LogSequenceNumber.valueOf(slot.confirmedFlushLsn()).asLong();
            }
            boolean snapshotWanted = "initial".equals(config.getString(PostgresCdcConfig.SNAPSHOT_MODE));
            if (snapshotWanted && (slot == null || stored == null || stored.snapshot())) {
                List<TableSchema> tables = new ArrayList<>();
                for (String[] t : published) {
                    tables.add(new TableSchema(prefix, t[0], t[1], setup.columns(c, t[0], t[1])));
                }
                boolean resume = slot != null && stored != null && stored.snapshot();
                snapshot = new SnapshotReader(
                        setup.connect(),
                        exported,
                        tables,
                        config.getInt(PostgresCdcConfig.SNAPSHOT_FETCH_SIZE),
                        resume ? stored.snapshotTable() : 0,
                        resume ? stored.snapshotKey() : null);
            } else if (stored != null && !stored.snapshot()) {
                resumeAfter = stored;
            }
            if (snapshot == null) {
                startStreaming();
            }
        } catch (SQLException e) {
            close();
            throw new ConnectException("PostgreSQL CDC could not start: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void startStreaming() throws SQLException {
        stream = replication
                .unwrap(PGConnection.class)
                .getReplicationAPI()
                .replicationStream()
                .logical()
                .withSlotName(config.getString(PostgresCdcConfig.SLOT_NAME))
                .withSlotOption("proto_version", 1)
                .withSlotOption("publication_names", config.getString(PostgresCdcConfig.PUBLICATION_NAME))
                .withStatusInterval(1, TimeUnit.SECONDS)
                .start();
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (stopping) {
            return null;
        }
        try {
            if (snapshot != null) {
                return pollSnapshot();
            }
            return pollStream();
        } catch (SQLException e) {
            if (stopping) {
                return null;
            }
            throw new ConnectException("PostgreSQL CDC lost its connection: " + e.getMessage(), e);
        }
    }

    private List<SourceRecord> pollSnapshot() throws SQLException {
        List<SnapshotReader.Row> rows = snapshot.nextChunk();
        boolean last = snapshot.done();
        List<SourceRecord> records = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            SnapshotReader.Row row = rows.get(i);
            records.add(events.snapshotRecord(row, snapshotLsn, last && i == rows.size() - 1));
        }
        if (rows.isEmpty()) {
            snapshot.close();
            snapshot = null;
            startStreaming();
            return null;
        }
        return records;
    }

    private List<SourceRecord> pollStream() throws SQLException, InterruptedException {
        List<SourceRecord> records = new ArrayList<>();
        long deadline = time.milliseconds() + config.getLong(PostgresCdcConfig.POLL_INTERVAL_MS);
        int max = config.getInt(PostgresCdcConfig.MAX_BATCH_SIZE);
        while (!stopping && records.size() < max) {
            confirmAcknowledged();
            ByteBuffer buffer = stream.readPending();
            if (buffer == null) {
                if (!records.isEmpty() && currentTxn == null || time.milliseconds() >= deadline) {
                    break;
                }
                time.sleep(10);
                continue;
            }
            handle(decoder.decode(buffer), records);
        }
        return records.isEmpty() ? null : records;
    }

    private void handle(PgOutputMessage message, List<SourceRecord> out) {
        if (message instanceof Begin b) {
            currentTxn = b;
            eventIndex = 0;
            acks.begin(b.finalLsn());
        } else if (message instanceof Commit c) {
            acks.commit(c.endLsn());
            lastCommittedLsn = c.commitLsn();
            currentTxn = null;
        } else if (message instanceof Relation r) {
            relations.put(r.relationId(), new TableSchema(config.topicPrefix(), r.schema(), r.table(), r.columns()));
        } else if (message instanceof Insert i) {
            emit(out, events.insert(table(i.relationId()), i, txnSource(i.relationId())));
        } else if (message instanceof Update u) {
            emit(out, events.update(table(u.relationId()), u, txnSource(u.relationId())));
        } else if (message instanceof Delete d) {
            emit(out, events.delete(table(d.relationId()), d, txnSource(d.relationId())));
        } else if (message instanceof Truncate t) {
            for (int rel : t.relationIds()) {
                emit(out, events.truncate(table(rel), txnSource(rel)));
            }
        }
    }

    /** Records of the open transaction, skipping those a previous run already stored. */
    private void emit(List<SourceRecord> out, List<ChangeEvents.Pending> pending) {
        for (ChangeEvents.Pending p : pending) {
            long index = eventIndex++;
            long lsn = currentTxn.finalLsn();
            if (resumeAfter != null
                    && (lsn < resumeAfter.lsn() || lsn == resumeAfter.lsn() && index <= resumeAfter.event())) {
                continue;
            }
            OffsetPosition offset = new OffsetPosition(lsn, currentTxn.xid(), index, false, 0, null);
            acks.emitted();
            out.add(p.toRecord(OffsetPosition.partition(config.topicPrefix()), offset.toMap()));
        }
    }

    private SourceInfo txnSource(int relationId) {
        TableSchema t = table(relationId);
        return new SourceInfo(
                config.topicPrefix(),
                config.getString(PostgresCdcConfig.DBNAME),
                t.schemaName,
                t.tableName,
                "false",
                PgOutputMessage.toEpochMicros(currentTxn.commitTimeMicros()),
                currentTxn.xid(),
                currentTxn.finalLsn(),
                lastCommittedLsn == 0 ? null : lastCommittedLsn);
    }

    private TableSchema table(int relationId) {
        TableSchema t = relations.get(relationId);
        if (t == null) {
            throw new ConnectException(
                    "pgoutput sent a change of relation " + relationId + " before its Relation message");
        }
        return t;
    }

    private void confirmAcknowledged() throws SQLException {
        long lsn = acks.confirmable();
        if (lsn > 0) {
            LogSequenceNumber confirmed = LogSequenceNumber.valueOf(lsn);
            stream.setFlushedLSN(confirmed);
            stream.setAppliedLSN(confirmed);
            stream.forceUpdateStatus();
        }
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        Map<String, ?> offset = record.sourceOffset();
        if (offset != null && !Boolean.TRUE.equals(offset.get("snapshot")) && offset.get("lsn") instanceof Long lsn) {
            acks.acknowledged(lsn);
        }
    }

    @Override
    public void stop() {
        stopping = true;
        close();
    }

    /**
     * Closes what is open: on stop (a poll running meanwhile fails on the closed connection and returns null, as
     * {@code stopping} is set) or on a failed start.
     */
    private synchronized void close() {
        try {
            if (snapshot != null) {
                snapshot.close();
            }
        } catch (SQLException | RuntimeException ignored) {
            // closing anyway
        }
        try {
            if (stream != null) {
                stream.close();
            }
        } catch (SQLException | RuntimeException ignored) {
            // closing anyway
        }
        try {
            if (replication != null) {
                replication.close();
            }
        } catch (SQLException | RuntimeException ignored) {
            // closing anyway
        }
        snapshot = null;
        stream = null;
        replication = null;
    }

    /** Tests and the runtime: whether the task released its connections. */
    boolean closed() {
        return replication == null;
    }
}
