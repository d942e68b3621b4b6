package dev.hpcenv.shim.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.shim.json.LightJson;
import dev.hpcenv.shim.support.Processes;
import dev.hpcenv.shim.support.ShimIntegration;
import dev.hpcenv.shim.support.ShimResult;
import dev.hpcenv.shim.support.ShimSite;
import dev.hpcenv.shim.support.ShimTestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The example site's hooks with the real tools, as root: the host libfabric under fi_info in the
 * container (cxi), Slurm commands inside (slurm), an SSH login into the container (ssh), and the
 * explain command. The image is {@link HookTestImage}.
 */
@ShimIntegration
class HooksIT {
    static Path image;
    static Path hooksDir;

    @BeforeAll
    static void image() throws Exception {
        image = HookTestImage.get();
        // hooks.d must be root's and written by nobody else; the site directories are not.
        hooksDir = Files.createTempDirectory(
                ShimTestEnv.get().base,
                "hooks-d-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        ExampleSite.copy(hooksDir, null, null);
    }

    static String siteToml(String slurmState) throws Exception {
        String toml = Files.readString(ExampleSite.SOURCE.resolve("shim.toml"))
                .replace("dir = \"/etc/hpcenv/hooks.d\"", "dir = \"" + hooksDir.resolve("hooks.d") + "\"");
        // The local test Slurm keeps its munge socket in its state directory.
        return slurmState == null ? toml : toml.replace("\"/run/munge\"", "\"" + slurmState + "/munge\"");
    }

    static String spec(String annotations) {
        return "{\"image\":\"" + image + "\",\"annotations\":{" + annotations + "}}";
    }

    @Test
    void cxiRunsFiInfoInTheContainerOnTheHostLibfabric() throws Exception {
        try (ShimSite site = ShimSite.create(ShimTestEnv.get(), false, siteToml(null))) {
            Path on = site.spec("on", spec(""));
            ShimResult r = site.run("run", "--spec", on.toString(), "--", "fi_info", "-l");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout()).as(r.toString()).contains("tcp:", "version:");
            ShimResult env = site.run(
                    "run",
                    "--spec",
                    on.toString(),
                    "--",
                    "sh",
                    "-c",
                    "echo mode=$FI_CXI_RX_MATCH_MODE path=$LD_LIBRARY_PATH; cat /etc/ld.so.conf.d/00-hpcenv-cxi.conf");
            assertThat(env.stdout())
                    .as(env.toString())
                    .contains("mode=software path=/opt/hpcenv/hooks/cxi/lib", "/opt/hpcenv/hooks/cxi/lib");

            Path off = site.spec("off", spec("\"com.hooks.cxi.enable\":\"false\""));
            ShimResult without = site.run("run", "--spec", off.toString(), "--", "fi_info", "-l");
            assertThat(without.exitCode())
                    .as("the image has no libfabric of its own")
                    .isNotZero();
            assertThat(without.stderr()).contains("libfabric.so.1");
            assertThat(site.leftovers()).isEmpty();
        }
    }

    @Test
    void cxiTakesLibfabricFromANetstackArtifactWhenTheEnvironmentAsks() throws Exception {
        // An artifact as CSCS installs them: ROOT/ARCH/VERSION/NAME, "latest" and "default" links, an ORIGIN file.
        Path root = Files.createTempDirectory(ShimTestEnv.get().base, "netstack-");
        Path artifact = Files.createDirectories(root.resolve("x86_64/26.05.1/shs:13.1.0"));
        Files.copy(
                Path.of("/usr/lib/x86_64-linux-gnu/libfabric.so.1").toRealPath(), artifact.resolve("libfabric.so.1"));
        Files.writeString(artifact.resolve("ORIGIN"), "hpcenv test artifact\n");
        Files.createSymbolicLink(root.resolve("x86_64/latest"), Path.of("26.05.1"));
        Files.createSymbolicLink(artifact.resolveSibling("default"), Path.of("shs:13.1.0"));
        String toml = siteToml(null)
                .replace("artifacts = \"/opt/hpcenv/netstack\"", "artifacts = \"" + root + "\"\narch = \"x86_64\"");
        try (ShimSite site = ShimSite.create(ShimTestEnv.get(), false, toml)) {
            Path on = site.spec("artifact", spec("\"com.hooks.netstack.source\":\"artifact\""));
            ShimResult r = site.run(
                    "run", "--spec", on.toString(), "--", "sh", "-c", "fi_info -l && cat " + artifact + "/ORIGIN");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout()).as(r.toString()).contains("tcp:", "hpcenv test artifact");

            Path unknown = site.spec(
                    "unknown",
                    spec("\"com.hooks.netstack.source\":\"artifact\",\"com.hooks.netstack.version\":\"25.01.1\""));
            ShimResult refused = site.run("run", "--spec", unknown.toString(), "--", "fi_info", "-l");
            assertThat(refused.exitCode()).as(refused.toString()).isNotZero();
            assertThat(refused.stderr().strip())
                    .as(refused.toString())
                    .contains("unknown network stack artifact version \"25.01.1\"", "available: 26.05.1, latest")
                    .doesNotContain("\n");
            assertThat(site.leftovers()).isEmpty();
        }
    }

    @Test
    void theHooksCommandExplainsAndRunRefusesWhatUsersMayNotSet() throws Exception {
        try (ShimSite site = ShimSite.create(ShimTestEnv.get(), false, siteToml(null))) {
            Path s = site.spec(
                    "s",
                    spec(
                            "\"com.hooks.ofi_nccl.enabled\":\"true\",\"com.hooks.ofi_nccl.version\":\"cuda12\","
                                    + "\"com.hooks.ssh.authorize_ssh_key\":\"ssh-ed25519 AAAA me\",\"run.oci.hooks.stdout\":\"/tmp/x\""));
            ShimResult r = site.run("hooks", "--spec", s.toString());
            assertThat(r.exitCode()).as(r.toString()).isZero();
            Object json = LightJson.parse(r.stdout());
            @SuppressWarnings("unchecked")
            Map<String, Object> annotations = (Map<String, Object>) LightJson.member(json, "annotations");
            assertThat(annotations)
                    .containsEntry("com.hooks.cxi.enabled", "true")
                    .containsEntry("com.hooks.aws_ofi_nccl.enabled", "true")
                    .containsEntry("com.hooks.aws_ofi_nccl.variant", "cuda12");
            assertThat((List<?>) LightJson.member(json, "active"))
                    .extracting(h -> LightJson.string(h, "name"))
                    .containsExactly("aws_ofi_nccl", "cxi");
            assertThat((List<?>) LightJson.member(json, "active")).allSatisfy(h -> {
                assertThat(LightJson.string(h, "matchedBy")).startsWith("annotations ");
                assertThat(LightJson.strings(h, "stages")).contains("precreate");
            });
            assertThat((List<?>) LightJson.member(json, "rejected"))
                    .extracting(h -> LightJson.string(h, "annotation"))
                    .containsExactlyInAnyOrder("run.oci.hooks.stdout", "com.hooks.ssh.authorize_ssh_key");

            ShimResult refused = site.run("run", "--spec", s.toString(), "--", "sh", "-c", "true");
            assertThat(refused.exitCode()).isEqualTo(126);
            assertThat(refused.stderr().strip())
                    .startsWith("hpcenv-shim: annotation ")
                    .contains("(hint: ");
            assertThat(site.leftovers()).isEmpty();
        }
    }

    @Test
    void slurmCommandsWorkInsideTheContainer() throws Exception {
        Map<String, String> slurm = localSlurm();
        try (ShimSite site = ShimSite.create(ShimTestEnv.get(), false, siteToml(slurm.get("HPCENV_SLURM_STATE")))) {
            site.extraEnv.put("SLURM_CONF", slurm.get("SLURM_CONF"));
            Path on = site.spec("slurm", spec("\"com.hooks.slurm.enabled\":\"true\""));
            ShimResult r = site.run("run", "--spec", on.toString(), "--", "sh", "-c", "squeue && scontrol ping");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout())
                    .as(r.toString())
                    .contains("JOBID", "PARTITION")
                    .contains("is UP");

            Path off = site.spec("noslurm", spec(""));
            ShimResult without = site.run("run", "--spec", off.toString(), "--", "squeue");
            assertThat(without.exitCode()).as("no Slurm in the image itself").isEqualTo(127);
            assertThat(site.leftovers()).isEmpty();
        }
    }

    /**
     * Two ranks under srun's pmi2 plugin: its PMI_FD socket reaches MPICH in each container
     * (renumbered to 3), so the ranks form one communicator and an Allreduce of the ranks is 1.
     */
    @Test
    void srunRunsTheImagesMpichProgramOnTheHostMpichAsOneCommunicator() throws Exception {
        Map<String, String> slurm = localSlurm();
        ShimTestEnv env = ShimTestEnv.get();
        try (ShimSite site = ShimSite.create(env, true, siteToml(slurm.get("HPCENV_SLURM_STATE")))) {
            String on = spec("\"com.hooks.mpi.enabled\":\"true\",\"com.hooks.cxi.enabled\":\"false\"");
            ShimResult r = srun(env, site, slurm, on, "mpi-hello");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout().lines().sorted().toList())
                    .as(r.toString())
                    .containsExactly("rank 0 of 2 sum 1", "rank 1 of 2 sum 1");

            String off = spec("\"com.hooks.cxi.enabled\":\"false\"");
            ShimResult without = srun(env, site, slurm, off, "mpi-hello");
            assertThat(without.exitCode())
                    .as("the image's own libmpich.so.12 is a stub")
                    .isNotZero();
            assertThat(without.stderr()).contains("MPI_");
            assertThat(site.leftovers()).isEmpty();
        }
    }

    private static ShimResult srun(
            ShimTestEnv env, ShimSite site, Map<String, String> slurm, String spec, String... command)
            throws Exception {
        // UCX's shared-memory "proc link" opens the peer's /proc/PID/fd, which the kernel refuses
        // between processes of two user namespaces (each rootless task has its own): MPICH would
        // abort in its address exchange. UCX's plain POSIX segments work (docs/hooks.md, Known limits).
        List<String> cmd = new java.util.ArrayList<>(List.of(
                "runuser",
                "-u",
                env.user,
                "--",
                "env",
                "SLURM_CONF=" + slurm.get("SLURM_CONF"),
                "UCX_POSIX_USE_PROC_LINK=n",
                "HPCENV_SHIM_CONFIG=" + site.config,
                "HPCENV_SPEC=" + spec,
                "timeout",
                "300",
                "srun",
                "-n",
                "2",
                "--mpi=pmi2",
                "--job-name",
                "hpcenv-hooks-it",
                env.launcher().toString(),
                "run",
                "--spec-env",
                "HPCENV_SPEC",
                "--"));
        cmd.addAll(List.of(command));
        return Processes.run(cmd, site.work());
    }

    static Map<String, String> localSlurm() throws Exception {
        Path root = Path.of(System.getProperty("hpcenv.root", ".."))
                .toAbsolutePath()
                .normalize();
        Path script = root.resolve("dev/slurm-local.sh");
        ShimResult started = Processes.run(List.of(script.toString(), "start"), null);
        assertThat(started.exitCode())
                .as(started
                        + Processes.run(List.of(script.toString(), "logs"), null)
                                .toString())
                .isZero();
        Map<String, String> slurm = new java.util.HashMap<>();
        Processes.runOk(List.of(script.toString(), "env"), null)
                .stdout()
                .lines()
                .filter(l -> l.contains("="))
                .forEach(l -> slurm.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return slurm;
    }

    /** As root, and as the unprivileged user: its own uid in the container lets Dropbear log it in. */
    @ParameterizedTest(name = "as user: {0}")
    @ValueSource(booleans = {false, true})
    void sshLogsIntoTheRunningContainerWithTheAuthorisedKeyAndStopsWithIt(boolean asUser) throws Exception {
        try (ShimSite site = ShimSite.create(ShimTestEnv.get(), asUser, siteToml(null))) {
            Path ctl = Files.createDirectories(site.work().resolve("ctl"));
            Path key = site.work().resolve("id_ed25519");
            Processes.runOk(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()), null);
            site.own(site.work());
            String login = asUser ? site.env.user : "root";
            int port = freePort();
            Path spec = site.spec(
                    "ssh",
                    "{\"image\":\"" + image + "\",\"mounts\":[{\"source\":\"" + ctl
                            + "\",\"target\":\"/ctl\",\"type\":\"bind\",\"flags\":[]}],\"annotations\":{"
                            + "\"com.hooks.ssh.enabled\":\"true\",\"com.hooks.ssh.port\":\"" + port + "\","
                            + "\"com.hooks.ssh.authorize_ssh_key\":\"" + key
                            + ".pub\",\"com.hooks.cxi.enabled\":\"false\"}}");
            Process shim = site.start(
                    "ssh",
                    "run",
                    "--spec",
                    spec.toString(),
                    "--",
                    "sh",
                    "-c",
                    ": > /ctl/up; while [ ! -e /ctl/done ]; do sleep 0.1; done");
            Processes.await(
                    "the container to start",
                    java.time.Duration.ofSeconds(60),
                    () -> Files.exists(ctl.resolve("up")) || !shim.isAlive());
            assertThat(shim.isAlive()).as(site.output("ssh")).isTrue();
            ShimResult session = Processes.run(
                    List.of(
                            "ssh",
                            "-p",
                            Integer.toString(port),
                            "-i",
                            key.toString(),
                            "-o",
                            "StrictHostKeyChecking=no",
                            "-o",
                            "UserKnownHostsFile=/dev/null",
                            "-o",
                            "BatchMode=yes",
                            "-o",
                            "ConnectTimeout=20",
                            login + "@127.0.0.1",
                            "cat /etc/hpcenv-test-image; id -u; echo in > /ctl/from-ssh"),
                    null);
            assertThat(session.exitCode()).as(session + site.output("ssh")).isZero();
            assertThat(session.stdout()).contains("hooks-glibc");
            assertThat(session.stdout().strip().lines().toList())
                    .as(session.toString())
                    .endsWith(Long.toString(asUser ? site.env.userUid : 0));
            assertThat(ctl.resolve("from-ssh"))
                    .as("the session ran in the container")
                    .hasContent("in");

            Files.writeString(ctl.resolve("done"), "");
            assertThat(shim.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(shim.exitValue()).as(site.output("ssh")).isZero();
            Processes.await("the SSH server to stop", java.time.Duration.ofSeconds(20), () -> !listening(port));
            assertThat(site.leftovers()).isEmpty();
        }
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
