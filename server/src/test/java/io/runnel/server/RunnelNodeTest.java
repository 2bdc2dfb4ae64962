package io.runnel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.common.config.ConfigException;
import io.runnel.common.time.Time;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunnelNodeTest {

    @TempDir
    Path dir;

    @Test
    void aNodeRunsTheBrokerAndReleasesItsDataDirectoryWhenStopped() throws Exception {
        Map<String, String> props = Map.of("listeners", "PLAINTEXT://127.0.0.1:0", "log.dir", dir.toString());
        try (RunnelNode node =
                RunnelNode.builder(props).time(Time.SYSTEM).build().start()) {
            assertThat(node.components()).containsExactly("broker");
            Properties client = new Properties();
            client.put("bootstrap.servers", node.bootstrapServers());
            try (Admin admin = Admin.create(client)) {
                assertThat(admin.describeCluster().clusterId().get())
                        .isEqualTo(node.broker().identity().clusterId());
            }
        }
        // A second node on the same directory starts only if the first one let go of it.
        try (RunnelNode again = RunnelNode.builder(props).build().start()) {
            assertThat(again.broker().identity()).isNotNull();
        }
    }

    @Test
    void anUnknownKeyFailsTheBuildNamingTheKeyBeforeAnythingStarts() {
        assertThatThrownBy(() -> RunnelNode.builder(Map.of("log.dir", dir.toString(), "no.such.key", "1"))
                        .build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no.such.key");
    }

    @Test
    void aBrokerThatCannotStartFailsTheNodeNamingTheBroker() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        RunnelNode node = RunnelNode.builder(
                        Map.of("listeners", "PLAINTEXT://127.0.0.1:0", "log.dir", notADirectory.toString()))
                .build();
        assertThatThrownBy(node::start)
                .isInstanceOf(ComponentStartException.class)
                .hasMessageStartingWith("broker failed to start: ");
    }

    /** RunnelNode is the composition root: no other source constructs a broker (bench/ has its own Broker). */
    @Test
    void onlyRunnelNodeConstructsABroker() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        String construction = "new " + "Broker(";
        List<Path> offenders;
        try (Stream<Path> files = Files.walk(root)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !root.relativize(p).startsWith("bench"))
                    .filter(p -> !p.toString().contains("/target/"))
                    .filter(p -> !p.getFileName().toString().equals("RunnelNode.java"))
                    .filter(p -> contains(p, construction))
                    .map(root::relativize)
                    .toList();
        }
        assertThat(root.resolve("server/src/main/java/io/runnel/server/RunnelNode.java"))
                .content()
                .contains(construction);
        assertThat(offenders)
                .as("files other than RunnelNode that construct a Broker")
                .isEmpty();
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.readString(file).contains(text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
