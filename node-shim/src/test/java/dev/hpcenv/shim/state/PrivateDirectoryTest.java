package dev.hpcenv.shim.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateDirectoryTest {
    @TempDir
    Path dir;

    private final long uid = new UnixSystem().getUid();

    @Test
    void createsA0700DirectoryAndRefusesPlantedOnes() throws Exception {
        Path mine = dir.resolve("hpcenv-shim-" + uid);
        PrivateDirectory.ensure(mine, uid);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(mine)))
                .isEqualTo("rwx------");
        PrivateDirectory.ensure(mine, uid);

        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> PrivateDirectory.ensure(open, uid))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not a private directory");

        Path link = Files.createSymbolicLink(dir.resolve("link"), mine);
        assertThat(PrivateDirectory.isTrusted(link, uid)).isFalse();
        assertThat(PrivateDirectory.isTrusted(mine, uid + 1))
                .as("another user's")
                .isFalse();
    }
}
