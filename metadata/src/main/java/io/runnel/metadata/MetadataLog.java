package io.runnel.metadata;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-node metadata log: one file ({@code <data dir>/cluster-metadata.log}, a file so that the partition
 * log manager, which owns the directories, never mistakes it for a partition), one record per line as {@code
 * <crc32c-hex> <json>}.
 * Appends are fsynced before they return, so a change the controller acknowledged survives a crash. On open, a
 * torn tail (a last line without its newline: an append cut short) is truncated with a warning; a whole line that
 * fails its checksum is corruption, and opening fails naming the file and the byte offset.
 *
 * <p>Not thread-safe: the controller appends from its single thread.
 */
public final class MetadataLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MetadataLog.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Path file;
    private final FileChannel channel;
    private final List<MetadataRecord> loaded;

    private MetadataLog(Path file, FileChannel channel, List<MetadataRecord> loaded) {
        this.file = file;
        this.channel = channel;
        this.loaded = loaded;
    }

    /** Opens (creating if needed) the log file and reads every intact record. */
    public static MetadataLog open(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        FileChannel channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        List<MetadataRecord> records = new ArrayList<>();
        byte[] bytes = Files.readAllBytes(file);
        int pos = 0;
        int validEnd = 0;
        while (pos < bytes.length) {
            int nl = indexOf(bytes, (byte) '\n', pos);
            if (nl < 0) {
                break;
            }
            String line = new String(bytes, pos, nl - pos, StandardCharsets.UTF_8);
            MetadataRecord record = parseLine(line);
            if (record == null) {
                // A whole line that fails its checksum is damage, not a torn append: starting without it (and
                // without what follows) would silently forget topics. Stop and leave the file for the operator.
                channel.close();
                throw new IOException("Corrupt metadata log " + file + ": the record at byte offset " + pos
                        + " (line " + (records.size() + 1) + ") fails its checksum or does not parse; refusing to"
                        + " start rather than lose the metadata after it. Restore the file, or remove it to start"
                        + " with no topics");
            }
            records.add(record);
            pos = nl + 1;
            validEnd = pos;
        }
        if (validEnd < bytes.length) {
            log.warn("Truncating {} bytes of torn or corrupt metadata at the end of {}", bytes.length - validEnd, file);
            channel.truncate(validEnd);
            channel.force(true);
        }
        channel.position(validEnd);
        return new MetadataLog(file, channel, List.copyOf(records));
    }

    /** The records that were in the log when it was opened. */
    public List<MetadataRecord> loadedRecords() {
        return loaded;
    }

    /** Appends records durably: written and fsynced before returning. */
    public void append(List<MetadataRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (MetadataRecord r : records) {
            sb.append(formatLine(r)).append('\n');
        }
        ByteBuffer buffer = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to append to metadata log " + file, e);
        }
    }

    static String formatLine(MetadataRecord record) {
        try {
            String json = JSON.writerFor(MetadataRecord.class).writeValueAsString(record);
            return crc(json) + " " + json;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MetadataRecord parseLine(String line) {
        int space = line.indexOf(' ');
        if (space != 8) {
            return null;
        }
        String json = line.substring(space + 1);
        if (!crc(json).equals(line.substring(0, space))) {
            return null;
        }
        try {
            return JSON.readValue(json, MetadataRecord.class);
        } catch (IOException e) {
            return null;
        }
    }

    private static String crc(String json) {
        CRC32C crc = new CRC32C();
        crc.update(json.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().toHexDigits((int) crc.getValue());
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
