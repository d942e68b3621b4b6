package dev.hpcenv.shim.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.shim.identity.UserMapping;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserNamespaceLauncherTest {
    private static final UserMapping OWN = new UserMapping(UserMapping.Mode.OWN_IDS, List.of(), List.of(), null);

    @Test
    void theRuntimeRunsAsTheNamespacesRootBehindAConstantGateScript() {
        OciRuntime rt = new OciRuntime("runc", Path.of("/rt/runc"), OWN, PreservedFds.NONE);
        List<String> cmd = new UserNamespaceLauncher(OWN, Map.of("PATH", "/usr/bin:/bin"), null)
                .wrap(
                        rt.runCommand(
                                Path.of("/t/bundle"), Path.of("/t/runtime.log"), Path.of("/t/container.pid"), "c1"),
                        Path.of("/t/rt.ready"),
                        Path.of("/t/rt.gate"));
        assertThat(cmd.get(0)).endsWith("/unshare");
        assertThat(cmd)
                .containsSequence(
                        "--user",
                        "--mount",
                        "--keep-caps",
                        "--",
                        "/bin/sh",
                        "-c",
                        UserNamespaceLauncher.GATE_SCRIPT,
                        "sh",
                        "/t/rt.ready",
                        "/t/rt.gate");
        assertThat(cmd)
                .containsSequence(
                        "--reuid=0",
                        "--regid=0",
                        "--keep-groups",
                        "--",
                        "runc",
                        "--rootless",
                        "true",
                        "--root",
                        "/rt/runc");
        assertThat(cmd.get(cmd.size() - 1)).isEqualTo("c1");
    }
}
