package dev.hpcenv.shim.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.shim.support.Processes;
import dev.hpcenv.shim.support.ShimIntegration;
import dev.hpcenv.shim.support.ShimProcesses;
import dev.hpcenv.shim.support.ShimSite;
import dev.hpcenv.shim.support.ShimTestEnv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nothing of a job outlives it (issue 12, item 6): a shim killed at any point leaves no process,
 * mount or state once its watchdog has run, and a command's background child neither outlives
 * the command nor holds the job open.
 */
@ShimIntegration
class KillIT {
    /** Debug phases of a start (HPCENV_SHIM_LOG=debug), in order; "running" is the container's own marker. */
    private static final List<String> PHASES = List.of(
            "start",
            "janitor",
            "spec",
            "image",
            "mounts",
            "bundle",
            "runtime-gate",
            "runtime-spawned",
            "namespace-made",
            "runtime-started",
            "running");

    private static Path outDir(ShimSite site) throws Exception {
        Path out = Files.createDirectories(site.work().resolve("out"));
        site.own(out);
        return out;
    }

    private static Path specWithOut(ShimSite site, Path out) throws Exception {
        return site.spec(
                "env",
                RunIT.registrySpec(
                        site.env,
                        "\"mounts\":[{\"source\":\"" + out
                                + "\",\"target\":\"/out\",\"type\":\"bind\",\"flags\":[]}]"));
    }

    @ParameterizedTest(name = "as user: {0}")
    @ValueSource(booleans = {false, true})
    void aBackgroundChildOfTheCommandEndsWithItAfterSigtermAndAfterANormalExit(boolean asUser) throws Exception {
        try (ShimSite site = ShimSite.create(ShimTestEnv.get(), asUser, null)) {
            Path out = outDir(site);
            Path spec = specWithOut(site, out);
            Process term = site.start(
                    "term",
                    "run",
                    "--spec",
                    spec.toString(),
                    "--",
                    "/bin/sh",
                    "-c",
                    "sleep 1005 & touch /out/ready; wait");
            Processes.await("container ready", Duration.ofSeconds(60), () -> Files.exists(out.resolve("ready")));
            long sent = System.nanoTime();
            ShimProcesses.signal(ShimProcesses.shimJvm(term), "TERM");
            assertThat(term.waitFor(15, TimeUnit.SECONDS))
                    .as("the shim ends although sleep 1005 runs on")
                    .isTrue();
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - sent)).isLessThan(5);
            assertThat(term.exitValue()).as(site.output("term")).isEqualTo(128 + 15);

            Process exit =
                    site.start("exit", "run", "--spec", spec.toString(), "--", "/bin/sh", "-c", "sleep 1006 & exit 3");
            assertThat(exit.waitFor(15, TimeUnit.SECONDS))
                    .as("the shim ends although sleep 1006 runs on")
                    .isTrue();
            assertThat(exit.exitValue()).as(site.output("exit")).isEqualTo(3);
            assertThat(ShimProcesses.withCommandLine("sleep 1005")).isEmpty();
            assertThat(ShimProcesses.withCommandLine("sleep 1006")).isEmpty();
            assertThat(site.leftovers()).isEmpty();
        }
    }

    @Test
    void aCommandRunWithoutAnImageEndsWithItsKilledShim() throws Exception {
        try (ShimSite site = ShimSite.create(ShimTestEnv.get(), true, null)) {
            Path out = outDir(site);
            Path spec = site.spec("host", "{\"workdir\":\"" + out + "\"}");
            Process shim = site.start(
                    "host", "run", "--spec", spec.toString(), "--", "/bin/sh", "-c", "touch ready; exec sleep 1012");
            Processes.await("the command running", Duration.ofSeconds(60), () -> Files.exists(out.resolve("ready")));
            ShimProcesses.signal(ShimProcesses.shimJvm(shim), "KILL");
            assertThat(shim.waitFor(30, TimeUnit.SECONDS)).isTrue();
            Processes.await(
                    "sleep 1012 gone",
                    Duration.ofSeconds(10),
                    () -> ShimProcesses.withCommandLine("sleep 1012").isEmpty());
        }
    }

    /**
     * 50 shims as the user (and 10 as root), each SIGKILLed at a seeded random point (after a phase, plus up to
     * 150 ms): during the pull (a private store, EDF_IMAGESTORE=void, every fifth run), mounts,
     * bundle, namespace and runtime start, and with the container running with a background
     * child. The rest of the process tree is then killed as scancel would; within 10 s nothing of
     * the run may be left: no mount, no process (command, runc, FUSE daemons, tools, the
     * janitor), no runtime state or directory.
     */
    @ParameterizedTest(name = "as user: {0}, {1} runs")
    @CsvSource({"true,50", "false,10"})
    void shimsKilledAtRandomPointsLeaveNothingWithinTenSeconds(boolean asUser, int runs) throws Exception {
        Random random = new Random(12);
        try (ShimSite site = ShimSite.create(ShimTestEnv.get(), asUser, null)) {
            Path out = outDir(site);
            Path spec = specWithOut(site, out);
            assertThat(site.run("run", "--spec", spec.toString(), "--", "true").exitCode())
                    .isZero();
            site.extraEnv.put("HPCENV_SHIM_LOG", "debug");
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                String phase = PHASES.get(random.nextInt(PHASES.size()));
                long delayMs = random.nextInt(150);
                boolean pull = i % 5 == 0;
                if (pull) {
                    site.extraEnv.put("EDF_IMAGESTORE", "void");
                } else {
                    site.extraEnv.remove("EDF_IMAGESTORE");
                }
                String name = "victim" + i;
                Process victim = site.start(
                        name,
                        "run",
                        "--spec",
                        spec.toString(),
                        "--",
                        "/bin/sh",
                        "-c",
                        "touch /out/running." + i + "; sleep 1008 & exec sleep 1009");
                String marker = "running." + i;
                Processes.await(
                        name + " to reach " + phase,
                        Duration.ofSeconds(60),
                        () -> phase.equals("running")
                                ? Files.exists(out.resolve(marker))
                                : uncheckedOutput(site, name).contains("name=" + phase + " "));
                Thread.sleep(delayMs);
                ProcessHandle jvm = ShimProcesses.shimJvm(victim);
                ShimProcesses.signal(jvm, "KILL");
                assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
                // As scancel would: whatever is still in the job's process tree.
                victim.descendants().forEach(ProcessHandle::destroyForcibly);
                try {
                    Processes.await(
                            "nothing left of " + name,
                            Duration.ofSeconds(10),
                            () -> remains(site, jvm).isEmpty());
                } catch (AssertionError e) {
                    failures.add(name + " killed after " + phase + " + " + delayMs + " ms: " + remains(site, jvm) + "\n"
                            + site.output(name));
                    break;
                }
            }
            assertThat(failures).as(String.join("\n", failures)).isEmpty();
        }
    }

    private static List<String> remains(ShimSite site, ProcessHandle jvm) {
        List<String> out = new ArrayList<>();
        try {
            out.addAll(site.leftovers());
        } catch (IOException e) {
            out.add(e.toString());
        }
        for (String text :
                List.of(site.dir.toString(), "sleep 1008", "sleep 1009", "janitor --after " + jvm.pid() + "-")) {
            for (long pid : ShimProcesses.withCommandLine(text)) {
                out.add("process " + pid + ": " + ShimProcesses.commandLine(pid));
            }
        }
        return out;
    }

    private static String uncheckedOutput(ShimSite site, String name) {
        try {
            return site.output(name);
        } catch (IOException e) {
            return "";
        }
    }
}
