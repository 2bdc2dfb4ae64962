package io.runnel.broker;

import io.runnel.common.Uuid;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

/**
 * A broker data directory: locked against a second process ({@code .lock}) and identified by {@code
 * meta.properties} (cluster id, node id, directory id), as Kafka lays it out. The first start writes a fresh
 * cluster id; later starts must agree on the node id.
 *
 * <p>Not thread-safe; opened and closed by the broker's lifecycle thread.
 */
public final class DataDirectory implements AutoCloseable {

    private final Path path;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final String clusterId;

    private DataDirectory(Path path, FileChannel lockChannel, FileLock lock, String clusterId) {
        this.path = path;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.clusterId = clusterId;
    }

    /**
     * Opens (creating if needed) and locks a data directory.
     *
     * @param clusterIdIfNew the cluster id to record when the directory is new, or null for a random one
     * @throws IllegalStateException when another process holds the directory or its node id differs
     */
    public static DataDirectory open(Path path, int nodeId, String clusterIdIfNew) throws IOException {
        Files.createDirectories(path);
        FileChannel channel =
                FileChannel.open(path.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("Data directory " + path.toAbsolutePath()
                    + " is in use by another Runnel process (could not lock "
                    + path.resolve(".lock").toAbsolutePath() + ")");
        }
        try {
            Path metaFile = path.resolve("meta.properties");
            Properties meta = new Properties();
            if (Files.exists(metaFile)) {
                try (Reader r = Files.newBufferedReader(metaFile)) {
                    meta.load(r);
                }
                int recorded = Integer.parseInt(meta.getProperty("node.id", "-1"));
                if (recorded != nodeId) {
                    throw new IllegalStateException("Data directory " + path.toAbsolutePath() + " belongs to node.id "
                            + recorded + ", but this broker is node.id " + nodeId);
                }
            } else {
                meta.setProperty("version", "1");
                meta.setProperty("node.id", Integer.toString(nodeId));
                meta.setProperty(
                        "cluster.id",
                        clusterIdIfNew != null
                                ? clusterIdIfNew
                                : Uuid.randomUuid().toString());
                meta.setProperty("directory.id", Uuid.randomUuid().toString());
                Path tmp = path.resolve("meta.properties.tmp");
                try (Writer w = Files.newBufferedWriter(tmp)) {
                    meta.store(w, "Runnel data directory; do not edit");
                }
                try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    c.force(true);
                }
                Files.move(tmp, metaFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return new DataDirectory(path, channel, lock, meta.getProperty("cluster.id"));
        } catch (IOException | RuntimeException e) {
            lock.release();
            channel.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    public String clusterId() {
        return clusterId;
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
