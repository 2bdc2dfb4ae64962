package io.runnel.broker.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The network layer is the bottom of the broker: it dispatches to {@link ApiHandler}s and knows none of the
 * packages that implement them, so the packages form no cycle.
 */
class NetworkPackageBoundaryTest {

    @Test
    void theNetworkPackageImportsNoOtherBrokerPackage() throws IOException {
        Path network = Path.of("src/main/java/io/runnel/broker/network");
        assertThat(network).isDirectory();
        List<String> offending;
        try (Stream<Path> files = Files.list(network)) {
            offending = files.filter(p -> p.toString().endsWith(".java"))
                    .flatMap(NetworkPackageBoundaryTest::lines)
                    .filter(line -> line.startsWith("import io.runnel.broker.")
                            || line.startsWith("import static io.runnel.broker."))
                    .filter(line -> !line.contains("io.runnel.broker.network."))
                    .toList();
        }
        assertThat(offending).isEmpty();
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::trim);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
