package dev.hpcenv.shim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShimCliTest {

    @Test
    void vforkOnlyWhereTheJdkStillHasItWithoutAWarning() {
        assertThat(ShimCli.prefersVfork(17)).isTrue();
        assertThat(ShimCli.prefersVfork(21)).isTrue();
        assertThat(ShimCli.prefersVfork(25))
                .as("deprecated with a warning on stderr")
                .isFalse();
        assertThat(ShimCli.prefersVfork(26)).as("removed").isFalse();
    }

    @Test
    void usageMistakesExitWith125AndHelpWithZero() {
        assertThat(ShimCli.execute(List.of(), Map.of())).isEqualTo(125);
        assertThat(ShimCli.execute(List.of("--help"), Map.of())).isZero();
        assertThat(ShimCli.execute(List.of("frobnicate"), Map.of())).isEqualTo(125);
        // (not "run": that would install the shim's signal handlers in the test JVM)
        assertThat(ShimCli.execute(List.of("images"), Map.of("HPCENV_SHIM_CONFIG", "/nonexistent/shim.toml")))
                .isEqualTo(125);
    }
}
