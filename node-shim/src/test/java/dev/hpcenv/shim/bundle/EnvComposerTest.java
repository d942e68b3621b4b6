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

    /** The shim's log-shipping variables (docs/job-output.md) reach neither a container nor a host run. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {"HPCENV_LOG_URL", "HPCENV_LOG_TOKEN", "HPCENV_LOG_CA", "HPCENV_LOG_BUFFER"})
    void theShimsLogVariablesAreNeverPassedOn(String variable) {
        Map<String, String> host = Map.of(variable, "hl1.secret", "SLURM_JOB_ID", "7", "HPCENV_SHIM_LOG", "debug");
        assertThat(EnvComposer.compose(host, Map.of(), Map.of(), List.of(), Map.of()))
                .containsOnlyKeys("SLURM_JOB_ID", "HPCENV_SHIM_LOG");
        assertThat(EnvComposer.composeOnHost(host, Map.of(), List.of(), Map.of()))
                .containsOnlyKeys("SLURM_JOB_ID", "HPCENV_SHIM_LOG");
    }

    @Test
    void anArrayElementSeesItsIndexAsHpcenvArrayIndexWhateverTheLayersSay() {
        Map<String, String> host = Map.of("PATH", "/bin", "SLURM_ARRAY_TASK_ID", "17", "SLURM_ARRAY_JOB_ID", "40");
        Map<String, String> edf = Map.of("HPCENV_ARRAY_INDEX", "0", "SLURM_ARRAY_TASK_ID", "");

        Map<String, String> inContainer = EnvComposer.compose(host, Map.of(), edf, List.of(), Map.of());
        Map<String, String> onHost = EnvComposer.composeOnHost(host, edf, List.of(), Map.of());

        for (Map<String, String> env : List.of(inContainer, onHost)) {
            assertThat(env)
                    .containsEntry("SLURM_ARRAY_TASK_ID", "17")
                    .containsEntry("HPCENV_ARRAY_INDEX", "17")
                    .containsEntry("SLURM_ARRAY_JOB_ID", "40");
        }
    }

    @Test
    void aJobThatIsNoArraysHasNoArrayIndex() {
        Map<String, String> env = EnvComposer.compose(Map.of("PATH", "/bin"), Map.of(), Map.of(), List.of(), Map.of());
        assertThat(env).doesNotContainKey("HPCENV_ARRAY_INDEX");
    }
}
