package dev.hpcenv.shim.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.model.Mount;
import dev.hpcenv.model.MountType;
import dev.hpcenv.shim.error.ShimException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MountPlannerTest {
    @TempDir
    Path dir;

    @Test
    void bindMountsAreRecursiveNosuidNodevWithTheEdfFlagsAdded() {
        assertThat(MountPlanner.bindOptions(List.of())).containsExactly("rbind", "nosuid", "nodev");
        assertThat(MountPlanner.bindOptions(List.of("ro", "private")))
                .containsExactly("rbind", "nosuid", "nodev", "ro", "private");
        assertThat(MountPlanner.bindOptions(List.of("bind", "ro"))).containsExactly("bind", "nosuid", "nodev", "ro");
    }

    @Test
    void noFlagOfTheUserWeakensNosuidNodev() {
        assertThat(MountPlanner.bindOptions(List.of("rw", "suid", "dev")))
                .containsExactly("rbind", "nosuid", "nodev", "rw");
        assertError(
                new Mount(dir.toString(), "/d", MountType.BIND, List.of("rw", "suid")),
                "mounts[0]",
                "mount flag 'suid' is not allowed: bind mounts are always nosuid,nodev");
        assertError(new Mount(dir.toString(), "/d", MountType.BIND, List.of("dev")), "mount flag 'dev' is not allowed");
    }

    @Test
    void sourcesMustExistAndFlagsBeKnownWithTheMountNamedInTheError() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "x");
        MountPlanner.checkSources(List.of(new Mount(dir.toString(), "/d", MountType.BIND, List.of("ro"))));
        assertError(new Mount(dir + "/missing", "/d", MountType.BIND, List.of()), "mounts[0]", "does not exist");
        assertError(new Mount(dir.toString(), "/d", MountType.BIND, List.of("exec,suid")), "unsupported mount flag");
        assertError(
                new Mount(dir.toString(), "relative", MountType.BIND, List.of()), "target must be an absolute path");
        assertError(new Mount(dir.toString(), "/d", MountType.SQUASHFS, List.of()), "must be a regular file");
        MountPlanner.checkSources(List.of(new Mount(file.toString(), "/d", MountType.SQUASHFS, List.of())));
    }

    /** {@code ~} is a directory with etc/ssh, etc-not/, tmp/ and link -> etc in it. */
    @ParameterizedTest(name = "{0} with deny {1}: denied by {2}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "~/etc        | ~/etc        | ~/etc",
                "~/etc/ssh    | ~/etc        | ~/etc",
                "~/tmp/../etc | ~/etc        | ~/etc",
                "~/link       | ~/etc        | ~/etc",
                "~/link/ssh   | ~/etc        | ~/etc",
                "~/etc-not    | ~/etc        | -",
                "~/etc        | ~/etc/       | ~/etc/",
                "~/etc/ssh    | ~/link       | ~/link",
                "~/tmp        | ~/etc:~/tmp  | ~/tmp",
                "~/tmp        | ~/etc:/root  | -",
                "/            | /            | /",
                "/tmp/..      | /            | /",
                "~/tmp        | /            | -",
            })
    void theSiteDenyListCoversPathsBelowItsEntriesAfterResolvingTheSource(
            String source, String deny, String denyingEntry) throws Exception {
        Files.createDirectories(dir.resolve("etc/ssh"));
        Files.createDirectories(dir.resolve("etc-not"));
        Files.createDirectories(dir.resolve("tmp"));
        Files.createSymbolicLink(dir.resolve("link"), dir.resolve("etc"));
        String src = source.replace("~", dir.toString());
        MountPolicy policy =
                new MountPolicy(List.of(deny.replace("~", dir.toString()).split(":")), "/etc/hpcenv/shim.toml");
        List<Mount> mounts = List.of(new Mount(src, "/d", MountType.BIND, List.of()));
        if (denyingEntry == null) {
            assertThat(MountPlanner.checkSources(mounts, policy))
                    .singleElement()
                    .satisfies(m -> assertThat(m.getSource())
                            .isEqualTo(Path.of(src).toRealPath().toString()));
        } else {
            assertThatThrownBy(() -> MountPlanner.checkSources(mounts, policy))
                    .isInstanceOf(ShimException.class)
                    .hasMessageContaining("mounts[0] (" + src + ":/d): source " + src)
                    .hasMessageContaining("is denied by the site (mounts.deny \""
                            + denyingEntry.replace("~", dir.toString()) + "\" in /etc/hpcenv/shim.toml)");
        }
    }

    @Test
    void theContainerGetsTheResolvedSourceNotTheSymlink() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("alias"), real);
        List<Mount> out = MountPlanner.checkSources(
                List.of(new Mount(link.toString(), "/d", MountType.BIND, List.of("ro"))),
                new MountPolicy(List.of("/etc"), ""));
        assertThat(out.get(0).getSource()).isEqualTo(real.toRealPath().toString());
        assertThat(out.get(0).getFlags()).containsExactly("ro");
    }

    private static void assertError(Mount m, String... texts) {
        assertThatThrownBy(() -> MountPlanner.checkSources(List.of(m)))
                .isInstanceOf(ShimException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(texts));
    }
}
