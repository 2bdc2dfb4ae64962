package io.runnel.testkit.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.registry.SchemaRegistry;
import io.runnel.testkit.EmbeddedCluster;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One of the ecosystem's own clients, unchanged, against the registry: {@code @kafkajs/confluent-schema-registry}
 * (from npm, pinned by the committed lock file and installed with {@code npm ci} into target/) registers an Avro
 * schema, encodes and decodes a record in the wire format, looks ids up by version and by schema, is refused an
 * incompatible schema, and registers, encodes and decodes with a JSON Schema. The script is {@code src/test/node/kafkajs-schema-registry/registry.js}.
 */
class KafkajsSchemaRegistryIT {

    private static final Path SOURCE = Path.of("src/test/node/kafkajs-schema-registry");
    private static final Path WORK = Path.of("target/kafkajs-schema-registry");

    private static String run(File dir, long timeoutSeconds, String... command) throws Exception {
        Path log = Files.createTempFile("kafkajs-registry", ".log");
        Process p = new ProcessBuilder(command)
                .directory(dir)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String out = Files.readString(log);
        Files.delete(log);
        assertThat(done)
                .as(String.join(" ", command) + " finished within " + timeoutSeconds + "s:\n" + out)
                .isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ":\n" + out).isZero();
        return out;
    }

    private static void install() throws Exception {
        Files.createDirectories(WORK);
        for (String f : List.of("package.json", "package-lock.json", "registry.js")) {
            Files.copy(SOURCE.resolve(f), WORK.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(WORK.resolve("node_modules/@kafkajs/confluent-schema-registry"))) {
            run(WORK.toFile(), 300, "npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts");
        }
    }

    @Test
    void theKafkajsRegistryClientRegistersEncodesAndDecodesAvroAndJsonSchemaAndIsRefusedAnIncompatibleSchema()
            throws Exception {
        install();
        try (EmbeddedCluster cluster = EmbeddedCluster.single().start();
                SchemaRegistry registry = SchemaRegistry.builder(cluster.bootstrapServers())
                        .host("127.0.0.1")
                        .port(0)
                        .start()) {
            String out = run(WORK.toFile(), 120, "node", "registry.js", Integer.toString(registry.port()));
            assertThat(out).contains("decoded {\"name\":\"ada\"}", "refused:", "json decoded {\"sku\":\"x-1\"}", "OK");
            RegistryClient c = new RegistryClient(registry.port());
            assertThat(c.get("/subjects/users-value/versions").json().toString())
                    .isEqualTo("[1]");
        } catch (IOException e) {
            throw new AssertionError("could not run node or npm (both are needed by this test)", e);
        }
    }
}
