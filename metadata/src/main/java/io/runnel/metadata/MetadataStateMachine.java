package io.runnel.metadata;

import io.runnel.common.time.Time;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ratis state machine of the metadata quorum, one per node: applies each committed {@link MetadataProposal} to
 * the {@link MetadataImage} (when it is based on the latest change; see there) and tells the listeners, and writes
 * and loads snapshots of the image so Ratis can purge the log behind them.
 *
 * <p>A snapshot is one file, {@code snapshot.<term>_<index>} in Ratis' state-machine directory (with its {@code
 * .md5}): a header line {@code runnel-metadata-snapshot <lastChangeIndex> <recordCount>}, then the records that
 * rebuild the image, one per line as {@code <crc32c-hex> <json>} like the local log. It is written to a temporary
 * file and renamed, so a crash leaves the previous snapshot. A snapshot that fails its checks stops the node
 * rather than start it with metadata missing.
 *
 * <p>Thread-safety: Ratis applies entries and takes snapshots on one thread; image swaps and listener calls happen
 * under this object's monitor, which {@link #awaitApplied} waits on; {@link #image()} is a volatile read.
 */
final class MetadataStateMachine extends BaseStateMachine {

    private static final Logger log = LoggerFactory.getLogger(MetadataStateMachine.class);
    static final String APPLIED = "applied";
    static final String STALE = "stale";
    static final String INVALID = "invalid";
    private static final String HEADER = "runnel-metadata-snapshot";

    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private final List<MetadataListener> listeners;
    private final Time time;
    private volatile MetadataImage image = MetadataImage.EMPTY;
    /** The log index of the last applied change (0: none); proposals must be based on it. */
    private volatile long lastChangeIndex;

    MetadataStateMachine(List<MetadataListener> listeners, Time time) {
        this.listeners = listeners;
        this.time = time;
    }

    MetadataImage image() {
        return image;
    }

    long lastChangeIndex() {
        return lastChangeIndex;
    }

    /** The index of the last log entry applied here, or -1. */
    long appliedIndex() {
        TermIndex last = getLastAppliedTermIndex();
        return last == null ? -1 : last.getIndex();
    }

    /** Waits until the entry at {@code index} has been applied here; false when {@code timeoutMs} ran out first. */
    synchronized boolean awaitApplied(long index, long timeoutMs) throws InterruptedException {
        long deadline = time.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (appliedIndex() < index) {
            long left = deadline - time.nanoseconds();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return storage;
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        getLifeCycle().startAndTransition(() -> {
            storage.init(raftStorage);
            load(storage.loadLatestSnapshot());
        });
    }

    @Override
    public void pause() {
        // Ratis pauses the state machine before it installs a snapshot from the leader, then reinitializes it.
        getLifeCycle().transitionIfValid(LifeCycle.State.PAUSING);
        getLifeCycle().transitionIfValid(LifeCycle.State.PAUSED);
    }

    @Override
    public void reinitialize() throws IOException {
        // After a snapshot was installed from the leader: the image is the snapshot's.
        load(storage.loadLatestSnapshot());
        getLifeCycle().transitionIfValid(LifeCycle.State.STARTING);
        getLifeCycle().transitionIfValid(LifeCycle.State.RUNNING);
    }

    private void load(SingleFileSnapshotInfo snapshot) throws IOException {
        if (snapshot == null) {
            return;
        }
        Path file = snapshot.getFile().getPath();
        List<MetadataRecord> records = new ArrayList<>();
        long changeIndex;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String[] header = String.valueOf(in.readLine()).split(" ");
            if (header.length != 3 || !header[0].equals(HEADER)) {
                throw new IOException("Corrupt metadata snapshot " + file + ": no " + HEADER + " header");
            }
            changeIndex = Long.parseLong(header[1]);
            long count = Long.parseLong(header[2]);
            for (long i = 0; i < count; i++) {
                String line = in.readLine();
                MetadataRecord record = line == null ? null : MetadataLog.parseLine(line);
                if (record == null) {
                    throw new IOException("Corrupt metadata snapshot " + file + ": record " + (i + 1) + " of " + count
                            + " is missing or fails its checksum");
                }
                records.add(record);
            }
        } catch (NumberFormatException e) {
            throw new IOException("Corrupt metadata snapshot " + file + ": bad header", e);
        }
        MetadataImage loaded = MetadataImage.EMPTY.apply(records);
        synchronized (this) {
            MetadataImage previous = image;
            image = loaded;
            lastChangeIndex = changeIndex;
            setLastAppliedTermIndex(snapshot.getTermIndex());
            notifyListeners(previous, loaded);
            notifyAll();
        }
        log.info(
                "Loaded metadata snapshot {} ({} topics, {} brokers)",
                file.getFileName(),
                loaded.topics().size(),
                loaded.brokers().size());
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        long index = entry.getIndex();
        String outcome;
        synchronized (this) {
            outcome = apply(entry.getStateMachineLogEntry().getLogData().toByteArray(), index);
            updateLastAppliedTermIndex(entry.getTerm(), index);
            notifyAll();
        }
        return CompletableFuture.completedFuture(Message.valueOf(outcome));
    }

    private String apply(byte[] data, long index) {
        MetadataProposal proposal;
        try {
            proposal = MetadataProposal.decode(data);
        } catch (IllegalArgumentException e) {
            log.warn("Skipping metadata log entry {}: {}", index, e.getMessage());
            return INVALID + " " + e.getMessage();
        }
        if (proposal.basedOn() != lastChangeIndex) {
            return STALE;
        }
        MetadataImage next;
        try {
            next = image.apply(proposal.records());
        } catch (RuntimeException e) {
            // Deterministic on every node: the records do not fit the image, so none of them is applied.
            log.warn("Refusing metadata log entry {}: {}", index, e.getMessage());
            return INVALID + " " + e.getMessage();
        }
        MetadataImage previous = image;
        image = next;
        lastChangeIndex = index;
        notifyListeners(previous, next);
        return APPLIED;
    }

    @Override
    public void notifyTermIndexUpdated(long term, long index) {
        // Entries without state-machine data (leader no-ops, configuration changes) advance the applied index too.
        synchronized (this) {
            super.notifyTermIndexUpdated(term, index);
            notifyAll();
        }
    }

    /** Publishes the current image to the listeners registered so far (start-up). */
    synchronized void publish() {
        notifyListeners(MetadataImage.EMPTY, image);
    }

    private void notifyListeners(MetadataImage previous, MetadataImage current) {
        for (MetadataListener l : listeners) {
            try {
                l.onImage(previous, current);
            } catch (RuntimeException e) {
                log.error("Metadata listener {} failed", l, e);
            }
        }
    }

    @Override
    public long takeSnapshot() throws IOException {
        MetadataImage snapshotImage;
        long changeIndex;
        TermIndex last;
        synchronized (this) {
            snapshotImage = image;
            changeIndex = lastChangeIndex;
            last = getLastAppliedTermIndex();
        }
        if (last == null || last.getIndex() < 0) {
            return RaftLog.INVALID_LOG_INDEX;
        }
        File file = storage.getSnapshotFile(last.getTerm(), last.getIndex());
        Path tmp = file.toPath().resolveSibling(file.getName() + ".tmp");
        List<MetadataRecord> records = snapshotImage.toRecords();
        try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            out.write(HEADER + " " + changeIndex + " " + records.size() + "\n");
            for (MetadataRecord r : records) {
                out.write(MetadataLog.formatLine(r));
                out.write('\n');
            }
        }
        try (var channel = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(tmp, file.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        FileInfo info = new FileInfo(file.toPath(), MD5FileUtil.computeAndSaveMd5ForFile(file));
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(info, last));
        log.info("Wrote metadata snapshot {} ({} records)", file.getName(), records.size());
        return last.getIndex();
    }
}
