package dev.hpcenv.shim.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.identity.UserMapping;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreservedFdsTest {
    @Test
    void renumbersListedDescriptorsFromThreeInTheSitesOrder() {
        PreservedFds fds = PreservedFds.plan(
                Map.of("PMI_FD", "7", "OTHER_FD", "3", "UNUSED", "9"),
                List.of("PMI_FD", "MISSING", "OTHER_FD"),
                fd -> true);
        assertThat(fds.containerEnv()).containsExactly(Map.entry("PMI_FD", "3"), Map.entry("OTHER_FD", "4"));
        assertThat(fds.count()).isEqualTo(2);
        assertThat(fds.moves()).containsExactly(new int[] {7, 3}, new int[] {3, 4});
    }

    @Test
    void twoVariablesNamingOneDescriptorShareIt() {
        PreservedFds fds = PreservedFds.plan(Map.of("A", "5", "B", "5"), List.of("A", "B"), fd -> true);
        assertThat(fds.containerEnv()).containsExactly(Map.entry("A", "3"), Map.entry("B", "3"));
        assertThat(fds.count()).isEqualTo(1);
    }

    @Test
    void nothingSetMeansNothingPreserved() {
        PreservedFds fds = PreservedFds.plan(Map.of(), PreservedFdsDefaults.NAMES, fd -> true);
        assertThat(fds.isEmpty()).isTrue();
        assertThat(new OciRuntime("runc", Path.of("/s"), UserMapping.host(), fds)
                        .runCommand(Path.of("/b"), Path.of("/l"), Path.of("/p"), "id"))
                .doesNotContain("--preserve-fds");
    }

    @Test
    void theRuntimeIsToldHowManyToPassOn() {
        PreservedFds fds = PreservedFds.plan(Map.of("PMI_FD", "12"), List.of("PMI_FD"), fd -> true);
        assertThat(new OciRuntime("runc", Path.of("/s"), UserMapping.host(), fds)
                        .runCommand(Path.of("/b"), Path.of("/l"), Path.of("/p"), "id"))
                .containsSequence("--preserve-fds", "1", "id");
    }

    @Test
    void badValuesAreOneLineErrorsNamingTheVariable() {
        assertThatThrownBy(() -> PreservedFds.plan(Map.of("PMI_FD", "x"), List.of("PMI_FD"), fd -> true))
                .isInstanceOf(ShimException.class)
                .hasMessageContaining("PMI_FD=x is not a descriptor number");
        assertThatThrownBy(() -> PreservedFds.plan(Map.of("PMI_FD", "1"), List.of("PMI_FD"), fd -> true))
                .isInstanceOf(ShimException.class)
                .hasMessageContaining("PMI_FD=1");
        assertThatThrownBy(() -> PreservedFds.plan(Map.of("PMI_FD", "42"), List.of("PMI_FD"), fd -> fd != 42))
                .isInstanceOf(ShimException.class)
                .hasMessageContaining("PMI_FD=42 names a descriptor that is not open");
    }

    @Test
    void thisProcessesOpenDescriptorsAreSeen() {
        assertThat(PreservedFds.isOpenInThisProcess(1)).isTrue();
        assertThat(PreservedFds.isOpenInThisProcess(999_999)).isFalse();
    }

    private static final class PreservedFdsDefaults {
        static final List<String> NAMES = dev.hpcenv.shim.config.SiteConfig.DEFAULT_PRESERVE_FDS_ENV;
    }
}
