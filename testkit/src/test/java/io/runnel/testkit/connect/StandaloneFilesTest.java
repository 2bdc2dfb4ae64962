package io.runnel.testkit.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.common.time.Time;
import io.runnel.connect.ConnectStandalone;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code connect-standalone worker.properties connector.properties connector.json}: the files' connectors run. */
@Tag(ConnectFixture.TAG)
class StandaloneFilesTest {

    @TempDir
    Path dir;

    @Test
    void connectorFilesInPropertiesAndJsonAreCreatedAtStartUp() throws Exception {
        try (ConnectFixture broker = new ConnectFixture(dir, Map.of())) {
            Path in = dir.resolve("in.txt");
            Path out = dir.resolve("out.txt");
            Files.writeString(in, "x\ny\n");
            Path worker = dir.resolve("worker.properties");
            Files.writeString(
                    worker,
                    "bootstrap.servers=" + broker.cluster.bootstrapServers() + "\n"
                            + "listeners=http://127.0.0.1:0\n"
                            + "key.converter=org.apache.kafka.connect.storage.StringConverter\n"
                            + "value.converter=org.apache.kafka.connect.storage.StringConverter\n"
                            + "offset.storage.file.filename=" + dir.resolve("standalone.offsets") + "\n"
                            + "offset.flush.interval.ms=200\n");
            Path source = dir.resolve("source.properties");
            Files.writeString(source, "name=file-in\nconnector.class=FileStreamSource\ntopic=lines\nfile=" + in + "\n");
            Path sink = dir.resolve("sink.json");
            Files.writeString(
                    sink,
                    "{\"name\":\"file-out\",\"config\":{\"connector.class\":\"FileStreamSink\","
                            + "\"topics\":\"lines\",\"file\":\"" + out + "\"}}");
            try (ConnectStandalone w = ConnectStandalone.startFromFiles(
                    new String[] {worker.toString(), source.toString(), sink.toString()}, Time.SYSTEM)) {
                assertThat(w.herder().connectorNames()).containsExactly("file-in", "file-out");
                ConnectFixture.await(Duration.ofSeconds(60), "the copy", () -> new String(
                                ConnectFixture.readOrEmpty(out), StandardCharsets.UTF_8)
                        .equals("x\ny\n"));
            }
        }
    }

    @Test
    void aRefusedConnectorFileFailsStartUpWithTheReason() throws Exception {
        try (ConnectFixture broker = new ConnectFixture(dir, Map.of())) {
            Path worker = dir.resolve("worker.properties");
            Files.writeString(
                    worker,
                    "bootstrap.servers=" + broker.cluster.bootstrapServers() + "\nlisteners=http://127.0.0.1:0\n");
            Path bad = dir.resolve("bad.properties");
            Files.writeString(bad, "name=bad\nconnector.class=NoSuchThing\n");
            assertThatThrownBy(() -> ConnectStandalone.startFromFiles(
                            new String[] {worker.toString(), bad.toString()}, Time.SYSTEM))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("NoSuchThing");
        }
    }
}
