package dev.cloudfiles.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Persistent data: the development key outlives a restart of the whole stack. */
class MainTest {
    @Test
    void developmentKeyIsCreatedOnceAndKeptAcrossRestarts(@TempDir Path data) throws Exception {
        Path keyFile = data.resolve(Main.KEY_FILE);
        String first;
        try (LocalStack stack = LocalStack.builder().dataDir(data).start()) {
            first = Main.developmentKey(stack, keyFile);
            assertThat(first).startsWith("dev_");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
                    .isEqualTo("rw-------");
        }
        try (LocalStack stack = LocalStack.builder().dataDir(data).start()) {
            assertThat(Main.developmentKey(stack, keyFile)).isEqualTo(first);
            Files.writeString(keyFile, "dev_unknown");
            assertThat(Main.developmentKey(stack, keyFile)).isNotEqualTo(first).startsWith("dev_");
        }
    }

    @Test
    void flagsBeatEnvironmentBeatDefaults() {
        assertThat(Main.option(new String[] {"--port=4000"}, "port", "CLOUD_FILES_TEST_UNSET", "3000"))
                .isEqualTo("4000");
        assertThat(Main.option(new String[] {}, "port", "CLOUD_FILES_TEST_UNSET", "3000"))
                .isEqualTo("3000");
    }
}
