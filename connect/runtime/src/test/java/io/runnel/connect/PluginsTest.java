package io.runnel.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.connect.plugins.PluginClassLoader;
import io.runnel.connect.plugins.PluginDesc;
import io.runnel.connect.plugins.PluginNotFoundException;
import io.runnel.connect.plugins.PluginType;
import io.runnel.connect.plugins.Plugins;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import org.apache.kafka.connect.connector.Connector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginsTest {

    static final Path APACHE = Path.of(System.getProperty("test.plugins"));
    static final EnumSet<PluginType> CONNECTORS = EnumSet.of(PluginType.SOURCE, PluginType.SINK);

    @TempDir
    Path dir;

    private static Plugins discover(List<Path> path) {
        return Plugins.discover(path, PluginsTest.class.getClassLoader());
    }

    @Test
    void bundledPluginsOnTheClassPathAnswerToTheirAliases() throws Exception {
        Plugins plugins = discover(List.of());
        assertThat(plugins.resolve("FileStreamSource", CONNECTORS).className())
                .isEqualTo("io.runnel.connect.file.FileStreamSourceConnector");
        assertThat(plugins.resolve("FileStreamSinkConnector", CONNECTORS).className())
                .isEqualTo("io.runnel.connect.file.FileStreamSinkConnector");
        assertThat(plugins.resolve("JsonConverter", PluginType.CONVERTER).className())
                .isEqualTo("org.apache.kafka.connect.json.JsonConverter");
        assertThat(plugins.resolve("Cast$Value", PluginType.TRANSFORMATION).className())
                .isEqualTo("org.apache.kafka.connect.transforms.Cast$Value");
        assertThat(plugins.resolve("TopicNameMatches", PluginType.PREDICATE).className())
                .isEqualTo("org.apache.kafka.connect.transforms.predicates.TopicNameMatches");
        assertThatThrownBy(() -> plugins.resolve("Nope", CONNECTORS))
                .isInstanceOf(PluginNotFoundException.class)
                .hasMessageContaining("which name matches Nope");
    }

    @Test
    void aPluginDirectoryGetsItsOwnLoaderAndWinsTheAlias() throws Exception {
        Plugins plugins = discover(List.of(APACHE));
        PluginDesc source = plugins.resolve("FileStreamSource", CONNECTORS);
        assertThat(source.className()).isEqualTo("org.apache.kafka.connect.file.FileStreamSourceConnector");
        assertThat(source.loader()).isInstanceOf(PluginClassLoader.class);
        assertThat(source.version()).isEqualTo("4.3.0");
        Connector c = plugins.newInstance(source, Connector.class);
        assertThat(c.getClass().getClassLoader()).isSameAs(source.loader());
        // The Connect API itself is shared with the runtime, or the cast above would fail.
        assertThat(c).isInstanceOf(org.apache.kafka.connect.source.SourceConnector.class);
        // The bundled one is still there under its full name.
        assertThat(plugins.resolve("io.runnel.connect.file.FileStreamSourceConnector", CONNECTORS)
                        .onPluginPath())
                .isFalse();
    }

    @Test
    void aJarWithoutManifestsIsFoundByScanning() throws Exception {
        Path apacheJar;
        try (var files = Files.list(APACHE.resolve("apache-connect-file"))) {
            apacheJar =
                    files.filter(p -> p.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path stripped = plugins.resolve("no-manifests.jar");
        try (JarInputStream in = new JarInputStream(Files.newInputStream(apacheJar));
                OutputStream os = Files.newOutputStream(stripped);
                JarOutputStream out = new JarOutputStream(os)) {
            for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                if (e.getName().startsWith("META-INF/services/")) {
                    continue;
                }
                out.putNextEntry(new JarEntry(e.getName()));
                in.transferTo(out);
                out.closeEntry();
            }
        }
        Plugins found = discover(List.of(plugins));
        PluginDesc sink = found.resolve("FileStreamSink", CONNECTORS);
        assertThat(sink.className()).isEqualTo("org.apache.kafka.connect.file.FileStreamSinkConnector");
        assertThat(sink.location()).isEqualTo(stripped.toString());
    }
}
