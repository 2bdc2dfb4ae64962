package io.runnel.storage.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;

/**
 * Every file-system operation the storage module performs, behind one seam. Storage code opens files only through
 * a {@code Disk} and uses only positional reads and writes, {@code size}, {@code truncate}, {@code force} and
 * {@code transferTo} on the channels it gets (no memory mapping), so a test implementation can simulate power loss:
 * losing or reordering writes that were not forced, tearing the last one, dropping directory changes that were not
 * synced, and failing with "no space left on device".
 *
 * <p>Durability contract, the one POSIX gives: data written to a channel is durable after {@code force} returns; a
 * file's creation, rename or deletion is durable after {@link #syncDirectory} of its parent returns.
 *
 * <p>Implementations are thread-safe.
 */
public interface Disk {

    /** Opens a file for reading and writing, creating it (empty) if it does not exist. */
    FileChannel open(Path file) throws IOException;

    boolean exists(Path path);

    boolean isDirectory(Path path);

    /** The entries of a directory (files and directories), in no particular order. */
    List<Path> list(Path directory) throws IOException;

    /** Creates a directory and any missing parents; does nothing if it exists. */
    void createDirectories(Path directory) throws IOException;

    /** Renames atomically, replacing {@code target} if it exists. */
    void move(Path source, Path target) throws IOException;

    /** Deletes a file or an empty directory if it exists. */
    void deleteIfExists(Path path) throws IOException;

    /** Makes the creations, renames and deletions of entries in {@code directory} durable. */
    void syncDirectory(Path directory) throws IOException;

    /**
     * Whether {@code e} (or a cause) reports a full disk or an exhausted quota (ENOSPC, EDQUOT), as opposed to an I/O
     * error. The JDK reports both as a plain {@link IOException} carrying the operating system's message.
     */
    static boolean isOutOfSpace(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null
                    && (message.contains("No space left on device") || message.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    /** The disk of the operating system. */
    Disk LOCAL = new LocalDisk();
}
