package dev.hpcenv.shim.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.model.Mount;
import dev.hpcenv.model.MountType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootfsPathsTest {
    @TempDir
    Path rootfs;

    @TempDir
    Path host;

    @Test
    void absoluteLinksResolveInsideTheRootfsNeverOnTheHost() throws Exception {
        Files.createDirectories(rootfs.resolve("usr/bin"));
        Files.writeString(rootfs.resolve("usr/bin/busybox"), "");
        Files.createSymbolicLink(rootfs.resolve("bin"), Path.of("/usr/bin"));
        Files.createSymbolicLink(rootfs.resolve("usr/bin/sh"), Path.of("busybox"));
        Files.createSymbolicLink(rootfs.resolve("etc-host"), Path.of("/etc"));
        assertThat(RootfsPaths.resolve(rootfs, "/bin/sh")).contains(rootfs.resolve("usr/bin/busybox"));
        assertThat(RootfsPaths.exists(rootfs, "/etc-host/passwd"))
                .as("/etc of the host is not the container's")
                .isFalse();
        assertThat(RootfsPaths.exists(rootfs, "/../../usr/bin/busybox")).isTrue();
    }

    @Test
    void commandsAreFoundOnThePathInTheImageOrUnderBindMounts() throws Exception {
        Files.createDirectories(rootfs.resolve("bin"));
        Files.writeString(rootfs.resolve("bin/true"), "");
        Files.createDirectories(host.resolve("bin"));
        Files.writeString(host.resolve("bin/tool"), "");
        CommandLocator locator = new CommandLocator(
                rootfs, List.of(new Mount(host.toString(), "/opt/tools", MountType.BIND, List.of())));
        assertThat(locator.exists("true", "/usr/bin:/bin")).isTrue();
        assertThat(locator.exists("/bin/true", null)).isTrue();
        assertThat(locator.exists("tool", "/bin:/opt/tools/bin")).isTrue();
        assertThat(locator.exists("nope", "/bin:/opt/tools/bin")).isFalse();
        assertThat(locator.exists("bin", "/"))
                .as("directories are not commands")
                .isFalse();
    }
}
