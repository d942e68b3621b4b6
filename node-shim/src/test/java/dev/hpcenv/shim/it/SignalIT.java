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
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Signals reach the command, the exit status reflects them, and nothing survives the shim. */
@ShimIntegration
class SignalIT {

    private static Path specWithOut(ShimSite site, Path out) throws Exception {
        return site.spec(
                "env",
                RunIT.registrySpec(
                        site.env,
                        "\"mounts\":[{\"source\":\"" + out
                                + "\",\"target\":\"/out\",\"type\":\"bind\",\"flags\":[]}]"));
    }

    private static Path outDir(ShimSite site) throws Exception {
        Path out = Files.createDirectories(site.work().resolve("out"));
        site.own(out);
        return out;
    }

    @ParameterizedTest(name = "as user: {0}")
    @ValueSource(booleans = {false, true})
    void forwardsSigtermAndSigintAndExitsWithTheCommandsStatus(boolean asUser) throws Exception {
        try (ShimSite site = ShimSite.create(ShimTestEnv.get(), asUser, null)) {
            Path out = outDir(site);
            Path spec = specWithOut(site, out);
            assertThat(site.run("run", "--spec", spec.toString(), "--", "true").exitCode())
                    .isZero();

            Process trapping = site.start(
                    "term",
                    "run",
                    "--spec",
                    spec.toString(),
                    "--",
                    "/bin/sh",
                    "-c",
                    "trap 'echo got-term; exit 42' TERM; touch /out/ready1; while true; do sleep 0.05; done");
            Processes.await("container ready", Duration.ofSeconds(60), () -> Files.exists(out.resolve("ready1")));
            ShimProcesses.signal(ShimProcesses.shimJvm(trapping), "TERM");
            assertThat(trapping.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(trapping.exitValue()).as(site.output("term")).isEqualTo(42);
            assertThat(site.output("term")).contains("got-term");

            Process plain = site.start(
                    "int",
                    "run",
                    "--spec",
                    spec.toString(),
                    "--",
                    "/bin/sh",
                    "-c",
                    "touch /out/ready2; exec sleep 1001");
            Processes.await("container ready", Duration.ofSeconds(60), () -> Files.exists(out.resolve("ready2")));
            ShimProcesses.signal(ShimProcesses.shimJvm(plain), "INT");
            assertThat(plain.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(plain.exitValue()).as(site.output("int")).isEqualTo(128 + 2);
            assertThat(site.leftovers()).isEmpty();
            assertThat(ShimProcesses.withCommandLine("sleep 1001")).isEmpty();
        }
    }

    @Test
    void aSignalDuringThePullStopsItAndLeavesNoPartialImage() throws Exception {
        ShimTestEnv env = ShimTestEnv.get();
        Path data = Files.createDirectories(env.base.resolve("bigdata/data"));
        try (var out = Files.newOutputStream(data.resolve("random.bin"))) {
            byte[] block = new byte[1 << 20];
            java.util.Random random = new java.util.Random(1);
            for (int i = 0; i < 64; i++) {
                random.nextBytes(block);
                out.write(block);
            }
        }
        String ref = env.registry.pushBusybox(env.base.resolve("images"), "big", "1", data.getParent());
        try (ShimSite site = ShimSite.create(env, true, null)) {
            String[] parts = ref.split("/", 2);
            Path spec = site.spec(
                    "big",
                    "{\"image\":\"" + ref + "\",\"imageRef\":{\"registry\":\"" + parts[0]
                            + "\",\"repository\":\"test/big\",\"tag\":\"1\"}}");
            Process shim = site.start("pull", "run", "--progress", "--spec", spec.toString(), "--", "sleep", "1003");
            Processes.await(
                    "the pull to start",
                    Duration.ofSeconds(60),
                    () -> uncheckedOutput(site, "pull").contains("event=pull.download"));
            ShimProcesses.signal(ShimProcesses.shimJvm(shim), "TERM");
            assertThat(shim.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(shim.exitValue()).as(site.output("pull")).isEqualTo(128 + 15);
            assertThat(site.leftovers()).isEmpty();
            Processes.await(
                    "helper tools gone",
                    Duration.ofSeconds(10),
                    () -> ShimProcesses.withCommandLine("test/big").isEmpty()
                            && ShimProcesses.withCommandLine("sleep 1003").isEmpty());
        }
    }

    private static String uncheckedOutput(ShimSite site, String name) {
        try {
            return site.output(name);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @ParameterizedTest(name = "as user: {0}, runtime killed too: {1}")
    @CsvSource({"false,false", "true,false", "false,true", "true,true"})
    void theNextShimRemovesWhatAKilledShimLeft(boolean asUser, boolean runtimeToo) throws Exception {
        try (ShimSite site = ShimSite.create(ShimTestEnv.get(), asUser, null)) {
            Path out = outDir(site);
            Path spec = specWithOut(site, out);
            assertThat(site.run("run", "--spec", spec.toString(), "--", "true").exitCode())
                    .isZero();

            Process victim = site.start(
                    "victim",
                    "run",
                    "--spec",
                    spec.toString(),
                    "--",
                    "/bin/sh",
                    "-c",
                    "touch /out/ready; exec sleep 1002");
            Processes.await("container ready", Duration.ofSeconds(60), () -> Files.exists(out.resolve("ready")));
            ProcessHandle jvm = ShimProcesses.shimJvm(victim);
            // Only this victim's container counts, not one a failed earlier run may have left.
            Instant victimStart = jvm.info().startInstant().orElseThrow();
            List<ProcessHandle> runtime = jvm.descendants()
                    .filter(h -> ShimProcesses.withCommandLine("--pid-file").contains(h.pid()))
                    .toList();
            assertThat(runtime).as("the shim's runtime").hasSize(1);
            // The backstop: the watchdog that would clean up at once dies with its shim.
            List<ProcessHandle> watchdog = jvm.children()
                    .filter(h -> ShimProcesses.commandLine(h.pid()).contains(" janitor --after "))
                    .toList();
            assertThat(watchdog).as("the shim's watchdog").hasSize(1);
            ShimProcesses.signal(watchdog.get(0), "KILL");
            ShimProcesses.signal(jvm, "KILL");
            if (runtimeToo) {
                ShimProcesses.signal(runtime.get(0), "KILL");
            }
            victim.waitFor(30, TimeUnit.SECONDS);
            assertThat(site.leftovers()).as("a killed shim leaves state").isNotEmpty();
            List<Long> container = ShimProcesses.withCommandLine("sleep 1002").stream()
                    .filter(pid -> ProcessHandle.of(pid)
                            .flatMap(h -> h.info().startInstant())
                            .map(t -> !t.isBefore(victimStart))
                            .orElse(false))
                    .toList();
            assertThat(container).as("the container outlives its shim").hasSize(1);

            ShimResult next = site.run("run", "--spec", spec.toString(), "--", "true");
            assertThat(next.exitCode()).as(next.toString()).isZero();
            Processes.await(
                    "orphaned container gone",
                    Duration.ofSeconds(10),
                    () -> ProcessHandle.of(container.get(0))
                            .map(h -> !h.isAlive())
                            .orElse(true));
            assertThat(site.leftovers()).isEmpty();
        }
    }
}
