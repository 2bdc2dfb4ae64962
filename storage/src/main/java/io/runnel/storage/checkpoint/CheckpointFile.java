package io.runnel.storage.checkpoint;

import io.runnel.storage.io.Disk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A small text file replaced atomically: the new content is written to {@code <name>.tmp}, forced, renamed over the
 * old file, and the directory is synced. After a crash the file holds either the old or the new content in full,
 * never a mix. Lines are separated by {@code \n}.
 *
 * <p>Not thread-safe: callers serialise writes to one file.
 */
public final class CheckpointFile {

    private final Disk disk;
    private final Path file;

    public CheckpointFile(Disk disk, Path file) {
        this.disk = disk;
        this.file = file;
    }

    public Path path() {
        return file;
    }

    public void write(List<String> lines) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append('\n');
        }
        writeBytes(disk, file, ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** The lines of the file, or empty when it does not exist. */
    public Optional<List<String>> read() throws IOException {
        if (!disk.exists(file)) {
            return Optional.empty();
        }
        String text = new String(readBytes(disk, file), StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            return Optional.of(List.of());
        }
        String[] lines = text.split("\n", -1);
        int count = text.endsWith("\n") ? lines.length - 1 : lines.length;
        return Optional.of(List.of(lines).subList(0, count));
    }

    /** Replaces {@code file} atomically with {@code content}: write a temporary file, force, rename, sync the dir. */
    public static void writeBytes(Disk disk, Path file, ByteBuffer content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        disk.deleteIfExists(tmp);
        try (FileChannel channel = disk.open(tmp)) {
            long position = 0;
            while (content.hasRemaining()) {
                position += channel.write(content, position);
            }
            channel.force(true);
        }
        disk.move(tmp, file);
        disk.syncDirectory(file.getParent());
    }

    /** Reads a whole (small) file. */
    public static byte[] readBytes(Disk disk, Path file) throws IOException {
        try (FileChannel channel = disk.open(file)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE) {
                throw new IOException("File " + file + " is too large to read at once: " + size + " bytes");
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            long position = 0;
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, position);
                if (n < 0) {
                    break;
                }
                position += n;
            }
            return buffer.array();
        }
    }
}
