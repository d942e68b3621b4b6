package dev.hpcenv.shim.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.shim.support.Processes;
import dev.hpcenv.shim.support.ShimIntegration;
import dev.hpcenv.shim.support.ShimResult;
import dev.hpcenv.shim.support.ShimSite;
import dev.hpcenv.shim.support.ShimTestEnv;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The operator's path on a real (local) Slurm: {@code srun -n 2 hpcenv-shim run --spec-env VAR}
 * as the unprivileged user, the resolved environment travelling in the job environment.
 */
@ShimIntegration
class SrunIntegrationTest {

    @Test
    void srunRunsEveryTaskInTheEnvironmentAndReturnsTheExitCode() throws Exception {
        ShimTestEnv env = ShimTestEnv.get();
        Path root = Path.of(System.getProperty("hpcenv.root", "..")).toAbsolutePath().normalize();
        ShimResult started = Processes.run(List.of(root.resolve("dev/slurm-local.sh").toString(), "start"), null);
        if (started.exitCode() != 0) {
            ShimResult logs = Processes.run(List.of(root.resolve("dev/slurm-local.sh").toString(), "logs"), null);
            throw new AssertionError("local Slurm did not start:\n" + started + logs);
        }
        String slurmConf = Processes.runOk(List.of(root.resolve("dev/slurm-local.sh").toString(), "env"), null)
                .stdout().lines().filter(l -> l.startsWith("SLURM_CONF=")).findFirst().orElse("SLURM_CONF=/etc/slurm/slurm.conf");
        try (ShimSite site = ShimSite.create(env, true, null)) {
            String spec = RunIntegrationTest.registrySpec(env, "\"env\":{\"FROM_SPEC\":\"yes\"}");
            List<String> cmd = List.of("runuser", "-u", env.user, "--", "env", slurmConf,
                    "HPCENV_SHIM_CONFIG=" + site.config, "HPCENV_SPEC=" + spec, "HPCENV_SHIM_PROGRESS=1",
                    "timeout", "300", "srun", "-n", "2", "--job-name", "hpcenv-shim-it",
                    env.launcher().toString(), "run", "--spec-env", "HPCENV_SPEC", "--",
                    "/bin/sh", "-c", "echo task=$SLURM_PROCID spec=$FROM_SPEC; exit 5");
            ShimResult r = Processes.run(cmd, site.work());
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(5);
            assertThat(r.stdout().lines().sorted().toList()).as(r.toString())
                    .containsExactly("task=0 spec=yes", "task=1 spec=yes");
            assertThat(r.stderr()).as("one pull for both tasks").containsOnlyOnce("event=pull.done");
            assertThat(site.leftovers()).isEmpty();
        }
    }
}
