package dev.hpcenv.shim.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.shim.support.Processes;
import dev.hpcenv.shim.support.ShimIntegration;
import dev.hpcenv.shim.support.ShimProcesses;
import dev.hpcenv.shim.support.ShimResult;
import dev.hpcenv.shim.support.ShimSite;
import dev.hpcenv.shim.support.ShimTestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The operator's path on a real (local) Slurm: {@code srun -n 2 hpcenv-shim run --spec-env VAR}
 * as the unprivileged user, the resolved environment travelling in the job environment.
 */
@ShimIntegration
class SrunIT {

    /** Starts the local Slurm (idempotent) and returns its SLURM_CONF=... assignment. */
    private static String localSlurm() throws Exception {
        Path root = Path.of(System.getProperty("hpcenv.root", ".."))
                .toAbsolutePath()
                .normalize();
        ShimResult started =
                Processes.run(List.of(root.resolve("dev/slurm-local.sh").toString(), "start"), null);
        if (started.exitCode() != 0) {
            ShimResult logs =
                    Processes.run(List.of(root.resolve("dev/slurm-local.sh").toString(), "logs"), null);
            throw new AssertionError("local Slurm did not start:\n" + started + logs);
        }
        return Processes.runOk(List.of(root.resolve("dev/slurm-local.sh").toString(), "env"), null)
                .stdout()
                .lines()
                .filter(l -> l.startsWith("SLURM_CONF="))
                .findFirst()
                .orElse("SLURM_CONF=/etc/slurm/slurm.conf");
    }

    @Test
    void srunRunsEveryTaskInTheEnvironmentAndReturnsTheExitCode() throws Exception {
        ShimTestEnv env = ShimTestEnv.get();
        String slurmConf = localSlurm();
        try (ShimSite site = ShimSite.create(env, true, null)) {
            String spec = RunIT.registrySpec(env, "\"env\":{\"FROM_SPEC\":\"yes\"}");
            List<String> cmd = List.of(
                    "runuser",
                    "-u",
                    env.user,
                    "--",
                    "env",
                    slurmConf,
                    "HPCENV_SHIM_CONFIG=" + site.config,
                    "HPCENV_SPEC=" + spec,
                    "HPCENV_SHIM_PROGRESS=1",
                    "timeout",
                    "300",
                    "srun",
                    "-n",
                    "2",
                    "--job-name",
                    "hpcenv-shim-it",
                    env.launcher().toString(),
                    "run",
                    "--spec-env",
                    "HPCENV_SPEC",
                    "--",
                    "/bin/sh",
                    "-c",
                    "echo task=$SLURM_PROCID spec=$FROM_SPEC; exit 5");
            ShimResult r = Processes.run(cmd, site.work());
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(5);
            assertThat(r.stdout().lines().sorted().toList())
                    .as(r.toString())
                    .containsExactly("task=0 spec=yes", "task=1 spec=yes");
            assertThat(r.stderr()).as("one pull for both tasks").containsOnlyOnce("event=pull.done");
            assertThat(site.leftovers()).isEmpty();
        }
    }

    /**
     * Issue 12, item 6, under the real Slurm (proctrack/linuxproc): the task's shim is SIGKILLed,
     * then the job is cancelled. Its container, runtime, FUSE daemons, mounts and state are gone
     * within 10 s, without another shim's janitor.
     */
    @Test
    void aShimKilledUnderSrunThenCancelledLeavesNothingWithinTenSeconds() throws Exception {
        ShimTestEnv env = ShimTestEnv.get();
        String slurmConf = localSlurm();
        String jobName = "hpcenv-shim-kill-it-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (ShimSite site = ShimSite.create(env, true, null)) {
            Path out = Files.createDirectories(site.work().resolve("out"));
            site.own(out);
            String spec = RunIT.registrySpec(
                    env,
                    "\"mounts\":[{\"source\":\"" + out + "\",\"target\":\"/out\",\"type\":\"bind\",\"flags\":[]}]");
            List<String> cmd = List.of(
                    "runuser",
                    "-u",
                    env.user,
                    "--",
                    "env",
                    slurmConf,
                    "HPCENV_SHIM_CONFIG=" + site.config,
                    "HPCENV_SPEC=" + spec,
                    "timeout",
                    "300",
                    "srun",
                    "-n",
                    "1",
                    "--job-name",
                    jobName,
                    env.launcher().toString(),
                    "run",
                    "--spec-env",
                    "HPCENV_SPEC",
                    "--",
                    "/bin/sh",
                    "-c",
                    "touch /out/ready; sleep 1010 & exec sleep 1011");
            Process srun = new ProcessBuilder(cmd)
                    .directory(site.work().toFile())
                    .redirectOutput(site.dir.resolve("srun.out").toFile())
                    .redirectErrorStream(true)
                    .start();
            try {
                Processes.await(
                        "the task's container", Duration.ofSeconds(120), () -> Files.exists(out.resolve("ready")));
                String config = "HPCENV_SHIM_CONFIG=" + site.config + "\0";
                List<Long> shims = ShimProcesses.shimsWithArguments(" run --spec-env HPCENV_SPEC").stream()
                        .filter(pid -> environ(pid).contains(config))
                        .toList();
                assertThat(shims).as("the task's shim").hasSize(1);
                Processes.runOk(List.of("kill", "-s", "KILL", Long.toString(shims.get(0))), null);
                String jobs = Processes.runOk(
                                List.of("env", slurmConf, "squeue", "-h", "-n", jobName, "-o", "%i"), null)
                        .stdout()
                        .strip();
                if (!jobs.isEmpty()) {
                    Processes.run(List.of("env", slurmConf, "scancel", jobs), null);
                }
                try {
                    Processes.await(
                            "nothing left of the killed task",
                            Duration.ofSeconds(10),
                            () -> remains(site).isEmpty());
                } catch (AssertionError e) {
                    throw new AssertionError(
                            e.getMessage() + ": " + remains(site) + "\n"
                                    + Files.readString(site.dir.resolve("srun.out")),
                            e);
                }
                assertThat(srun.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                srun.descendants().forEach(ProcessHandle::destroyForcibly);
                srun.destroyForcibly();
                // Killing srun leaves the job running on a failed assertion: cancel it by its unique name.
                Processes.run(List.of("env", slurmConf, "scancel", "--name", jobName), null);
            }
        }
    }

    private static List<String> remains(ShimSite site) {
        List<String> out = new java.util.ArrayList<>();
        try {
            out.addAll(site.leftovers());
        } catch (java.io.IOException e) {
            out.add(e.toString());
        }
        for (String text : List.of("sleep 1010", "sleep 1011", site.dir.toString())) {
            ShimProcesses.withCommandLine(text).forEach(pid -> out.add(pid + ": " + ShimProcesses.commandLine(pid)));
        }
        return out;
    }

    private static String environ(long pid) {
        try {
            return new String(
                    Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")),
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
