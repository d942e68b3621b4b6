package dev.hpcenv.shim.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.crd.v1alpha1.Mount;
import dev.hpcenv.crd.v1alpha1.MountType;
import dev.hpcenv.shim.error.ShimException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountPlannerTest {
    @TempDir
    Path dir;

    @Test
    void bindMountsAreRecursiveNosuidNodevWithTheEdfFlagsAdded() {
        assertThat(MountPlanner.bindOptions(List.of())).containsExactly("rbind", "nosuid", "nodev");
        assertThat(MountPlanner.bindOptions(List.of("ro", "private"))).containsExactly("rbind", "nosuid", "nodev", "ro", "private");
        assertThat(MountPlanner.bindOptions(List.of("bind", "ro"))).containsExactly("bind", "nosuid", "nodev", "ro");
    }

    @Test
    void sourcesMustExistAndFlagsBeKnownWithTheMountNamedInTheError() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "x");
        MountPlanner.checkSources(List.of(new Mount(dir.toString(), "/d", MountType.BIND, List.of("ro"))));
        assertError(new Mount(dir + "/missing", "/d", MountType.BIND, List.of()), "mounts[0]", "does not exist");
        assertError(new Mount(dir.toString(), "/d", MountType.BIND, List.of("exec,suid")), "unsupported mount flag");
        assertError(new Mount(dir.toString(), "relative", MountType.BIND, List.of()), "target must be an absolute path");
        assertError(new Mount(dir.toString(), "/d", MountType.SQUASHFS, List.of()), "must be a regular file");
        MountPlanner.checkSources(List.of(new Mount(file.toString(), "/d", MountType.SQUASHFS, List.of())));
    }

    private static void assertError(Mount m, String... texts) {
        assertThatThrownBy(() -> MountPlanner.checkSources(List.of(m))).isInstanceOf(ShimException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(texts));
    }
}
