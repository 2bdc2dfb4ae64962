package io.runnel.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataLogTest {

    @TempDir
    Path dir;

    @Test
    void aTornLastLineIsTruncatedAndEveryRecordBeforeItIsKept() throws Exception {
        Path file = dir.resolve("cluster-metadata.log");
        List<MetadataRecord> records =
                List.of(new MetadataRecord.Topic("a", "AAAAAAAAAAAAAAAAAAAAAA"), new MetadataRecord.ProducerIds(1000));
        try (MetadataLog log = MetadataLog.open(file)) {
            log.append(records);
        }
        long intact = Files.size(file);
        Files.write(
                file, "0badc0de {\"type\":\"topic\",\"na".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);

        try (MetadataLog log = MetadataLog.open(file)) {
            assertThat(log.loadedRecords()).isEqualTo(records);
            log.append(List.of(new MetadataRecord.ProducerIds(2000)));
        }
        try (MetadataLog log = MetadataLog.open(file)) {
            assertThat(log.loadedRecords()).hasSize(3).endsWith(new MetadataRecord.ProducerIds(2000));
        }
        assertThat(Files.size(file)).isGreaterThan(intact);
    }
}
