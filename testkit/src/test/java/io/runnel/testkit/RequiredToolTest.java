package io.runnel.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

class RequiredToolTest {

    @TempDir
    Path dir;

    @Test
    void aToolOnThePathIsFoundByItsAbsolutePath() throws Exception {
        Path tool = dir.resolve("some-tool");
        Files.writeString(tool, "#!/bin/sh\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));

        String found = RequiredTool.executable(
                "some-tool", "some-package", Map.of("PATH", "/nonexistent" + File.pathSeparator + dir));

        assertThat(found).isEqualTo(tool.toAbsolutePath().toString());
    }

    @Test
    void aMissingToolSkipsTheTestOutsideCiNamingThePackageToInstall() {
        assertThatThrownBy(() ->
                        RequiredTool.executable("no-such-tool", "no-such-package", Map.of("PATH", dir.toString())))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("apt-get install --no-install-recommends no-such-package");
    }

    @Test
    void aMissingToolFailsTheTestUnderCi() {
        assertThatThrownBy(() -> RequiredTool.executable(
                        "no-such-tool", "no-such-package", Map.of("PATH", dir.toString(), "CI", "true")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no-such-package")
                .hasMessageContaining("CI=true");
    }
}
