package dev.hpcenv.shim.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvComposerTest {

    @Test
    void precedenceIsHostThenImageThenEnvironmentThenCommandLine() {
        Map<String, String> host =
                Map.of("PATH", "/host/bin", "HOME", "/home/u", "A", "host", "B", "host", "C", "host", "GONE", "host");
        Map<String, String> edf = new LinkedHashMap<>();
        edf.put("B", "edf");
        edf.put("C", "edf");
        edf.put("EMPTY_UNSETS", "");
        Map<String, String> env = EnvComposer.compose(
                host,
                Map.of("PATH", "/image/bin", "A", "image", "EMPTY_UNSETS", "image"),
                edf,
                List.of("GONE"),
                Map.of("C", "cli"));
        assertThat(env)
                .containsEntry("PATH", "/image/bin")
                .containsEntry("HOME", "/home/u")
                .containsEntry("A", "image")
                .containsEntry("B", "edf")
                .containsEntry("C", "cli")
                .doesNotContainKeys("GONE", "EMPTY_UNSETS");
    }

    @Test
    void hostVariablesThatBreakContainersAreNotPassedOn() {
        Map<String, String> env = EnvComposer.compose(
                Map.of(
                        "SLURM_CONF",
                        "/etc/slurm.conf",
                        "LD_PRELOAD",
                        "x.so",
                        "BASH_FUNC_module%%",
                        "() {}",
                        "SLURM_JOB_ID",
                        "7"),
                Map.of(),
                Map.of(),
                List.of(),
                Map.of());
        assertThat(env).containsOnlyKeys("SLURM_JOB_ID");
    }
}
