package dev.hpcenv.shim.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadinessProbeTest {

    @Test
    void aCheckSeesTheEnvironmentTheServiceStartedWith() {
        byte[] raw = "PIPELINE_DIR=/scratch/u/layered-pipeline\0PATH=/opt/bin:/bin\0EMPTY=\0A=b=c\0NOEQUALS\0\0"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(ReadinessProbe.parseEnviron(raw))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "PIPELINE_DIR",
                        "/scratch/u/layered-pipeline",
                        "PATH",
                        "/opt/bin:/bin",
                        "EMPTY",
                        "",
                        "A",
                        "b=c"));
    }

    @Test
    void theEnvironmentOfAProcessThatEndedIsEmpty() {
        assertThat(ReadinessProbe.startEnvironment(Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void theEnvironmentOfALiveProcessIsItsOwn() {
        assertThat(ReadinessProbe.startEnvironment(ProcessHandle.current().pid()))
                .containsEntry("PATH", System.getenv("PATH"));
    }

    @Test
    void theCheckEntersTheContainersUserAndMountNamespacesWithItsRootAndDirectory() {
        assertThat(ReadinessProbe.nsenterCommand(42, true, List.of("sampler", "--ready")))
                .containsExactly(
                        "nsenter",
                        "--target",
                        "42",
                        "--user",
                        "--preserve-credentials",
                        "--mount",
                        "--root",
                        "--wd",
                        "--",
                        "sampler",
                        "--ready");
    }
}
