package dev.hpcenv.shim.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.shim.state.TreeRemover;
import dev.hpcenv.shim.support.IngestReceiver;
import dev.hpcenv.shim.support.Processes;
import dev.hpcenv.shim.support.ShimIntegration;
import dev.hpcenv.shim.support.ShimProcesses;
import dev.hpcenv.shim.support.ShimResult;
import dev.hpcenv.shim.support.ShimTestEnv;
import dev.hpcenv.slurm.real.LocalCluster;
import dev.hpcenv.slurm.real.LocalClusterExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 17, services beside the job (docs/workflows.md, section 2), on the 2 first nodes of the
 * multi-node local Slurm: {@code sbatch} of the operator's batch script with HPCENV_SERVICES set,
 * so that {@code hpcenv-shim job} starts the supervisors' and the tasks' steps. After every job no
 * node keeps a mount, a task, runtime or job directory, or a process of it.
 */
@ShimIntegration
@ExtendWith(LocalClusterExtension.class)
class ServicesIT {
    /** The operator's batch script once the job has services (node-shim cannot depend on the operator). */
    static final String BATCH_SCRIPT = """
            #!/bin/sh
            if [ -n "${HPCENV_SERVICES:-}" ]; then
              exec "${HPCENV_SHIM:-hpcenv-shim}" job --services-env HPCENV_SERVICES --spec-env HPCENV_SPEC --argv-env HPCENV_ARGV
            fi
            exec srun --mpi="${HPCENV_MPI:-none}" "${HPCENV_SHIM:-hpcenv-shim}" run --spec-env HPCENV_SPEC --argv-env HPCENV_ARGV
            """;

    private static final Pattern JOB_ID = Pattern.compile("Submitted batch job (\\d+)");
    private static final String HOST = "$(cat /proc/sys/kernel/hostname)";

    private static Path tree;
    private static Path launcher;
    private static Path image;

    /** The shim and a busybox Squashfs image in the cluster's shared directory (the nodes see nothing else). */
    @BeforeAll
    static void install(LocalCluster cluster) throws Exception {
        ShimTestEnv env = ShimTestEnv.get();
        tree = Files.createDirectories(cluster.sharedDir().resolve("hpcenv-services-it-" + UUID.randomUUID()));
        launcher = env.launcherIn(tree.resolve("install"));
        Path root = Files.createDirectories(tree.resolve("rootfs"));
        for (String d : List.of("bin", "etc", "tmp", "proc", "sys", "dev", "work")) {
            Files.createDirectories(root.resolve(d));
        }
        Files.copy(Path.of("/bin/busybox"), root.resolve("bin/busybox"));
        for (String c : List.of("sh", "sleep", "test", "touch", "cat", "echo", "ls", "rm")) {
            Files.createSymbolicLink(root.resolve("bin").resolve(c), Path.of("busybox"));
        }
        // runc keeps the mode of the image's /tmp for the container's tmpfs there: an image's usual 1777.
        Processes.runOk(List.of("chmod", "1777", root.resolve("tmp").toString()), null);
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\n");
        image = tree.resolve("busybox.sqsh");
        Processes.runOk(
                List.of("mksquashfs", root.toString(), image.toString(), "-quiet", "-noappend", "-comp", "zstd"), null);
        Processes.runOk(List.of("chmod", "-R", "a+rX", tree.toString()), null);
    }

    @AfterAll
    static void remove() throws IOException {
        if (tree != null) {
            TreeRemover.remove(tree);
        }
    }

    @Test
    void anEveryNodeServiceIsReadyBeforeTheTasksAndTheyReadItsFileOnEachNode(LocalCluster cluster) throws Exception {
        try (Job job = Job.create(cluster, "every")) {
            String services = "{\"services\":[{\"name\":\"sampler\",\"argv\":[\"/bin/sh\",\"-c\","
                    + "\"touch /tmp/ready; while true; do echo sample; touch /work/sampler-" + HOST
                    + "; sleep 0.1; done\"],"
                    // The check runs in the service's own container: /tmp is a tmpfs of its own.
                    + "\"ready\":{\"command\":[\"test\",\"-e\",\"/tmp/ready\"],\"timeoutSeconds\":30}}]}";

            ShimResult r;
            try (IngestReceiver logs = IngestReceiver.start("t0ken", cluster.hostAddress())) {
                job.logs = logs;
                r = job.run(services, "test -e /work/sampler-" + HOST + " && echo seen on " + HOST);

                // Each node's supervisor is a sender of its own (task=service): events only.
                for (String node : job.nodes()) {
                    String sender = "node=" + node + "&task=service";
                    Processes.await(
                            "service.stopped from " + node,
                            Duration.ofSeconds(10),
                            () -> logs.eventsFrom(sender).stream()
                                    .anyMatch(e -> e.get("event").asText().equals("service.stopped")));
                    assertThat(logs.eventsFrom(sender).stream()
                                    .map(e -> e.get("event").asText() + " "
                                            + e.get("fields").get("service").asText() + " "
                                            + e.get("fields").get("node").asText()))
                            .containsExactly(
                                    "service.started sampler " + node,
                                    "service.ready sampler " + node,
                                    "service.stopped sampler " + node);
                    assertThat(logs.hasOutputFrom(sender)).isFalse();
                }
            }

            assertThat(r.exitCode()).as(job.describe(r)).isZero();
            assertThat(job.output()
                            .lines()
                            .filter(l -> l.startsWith("seen on "))
                            .sorted())
                    .as(job.describe(r))
                    .containsExactlyElementsOf(
                            job.nodes().stream().map(n -> "seen on " + n).toList());
            for (String node : job.nodes()) {
                assertThat(job.serviceOutput("sampler", node))
                        .as(job.describe(r))
                        .contains("sample\n");
            }
            job.assertNothingLeft();
        }
    }

    @Test
    void aFirstNodeServiceRunsOnTheFirstNodeOnly(LocalCluster cluster) throws Exception {
        try (Job job = Job.create(cluster, "first")) {
            String services =
                    "{\"services\":[{\"name\":\"agg\",\"placement\":\"firstNode\",\"argv\":[\"/bin/sh\",\"-c\","
                            + "\"touch /work/agg-" + HOST + "; exec sleep 1017\"],"
                            + "\"ready\":{\"command\":[\"sh\",\"-c\",\"test -e /work/agg-" + HOST
                            + "\"],\"timeoutSeconds\":30}}]}";

            // The second node's task does not wait for a service of the first node: it waits for the file.
            ShimResult r = job.run(
                    services,
                    "while ! ls /work | grep -q '^agg-'; do sleep 0.1; done; echo agg files: $(ls /work | grep '^agg-')");

            assertThat(r.exitCode()).as(job.describe(r)).isZero();
            String first = job.nodes().get(0);
            assertThat(job.output().lines().filter(l -> l.startsWith("agg files:")))
                    .as(job.describe(r))
                    .hasSize(2)
                    .allMatch(l -> l.equals("agg files: agg-" + first));
            assertThat(job.dir.resolve("hpcenv-" + job.id + "-agg-" + first + ".out"))
                    .exists();
            assertThat(job.dir.resolve(
                            "hpcenv-" + job.id + "-agg-" + job.nodes().get(1) + ".out"))
                    .doesNotExist();
            job.assertNothingLeft();
        }
    }

    @Test
    void aServiceThatIsNeverReadyFailsTheJobWith125AndOneLine(LocalCluster cluster) throws Exception {
        try (Job job = Job.create(cluster, "notready")) {
            String services = "{\"services\":[{\"name\":\"slow\",\"argv\":[\"sleep\",\"1017\"],"
                    + "\"ready\":{\"command\":[\"test\",\"-e\",\"/never\"],\"timeoutSeconds\":2}}]}";

            ShimResult r = job.run(services, "echo the task ran");

            assertThat(r.exitCode()).as(job.describe(r)).isEqualTo(125);
            assertThat(job.output()).as(job.describe(r)).doesNotContain("the task ran");
            for (String node : job.nodes()) {
                assertThat(job.output().lines())
                        .as(job.describe(r))
                        .containsOnlyOnce("hpcenv: service slow on node " + node + " not ready after 2s:"
                                + " the check [\"test\",\"-e\",\"/never\"] did not succeed within 2s");
            }
            job.assertNothingLeft();
        }
    }

    @Test
    void anOptionalServiceThatEndsEarlyChangesNothing(LocalCluster cluster) throws Exception {
        try (Job job = Job.create(cluster, "optional")) {
            String services = "{\"services\":[{\"name\":\"brief\",\"argv\":[\"/bin/sh\",\"-c\","
                    + "\"touch /work/brief-" + HOST + "; exit 6\"]}]}";

            ShimResult r = job.run(
                    services,
                    "while ! test -e /work/brief-" + HOST + "; do sleep 0.1; done; sleep 1; echo done on " + HOST);

            assertThat(r.exitCode()).as(job.describe(r)).isZero();
            assertThat(job.output().lines().filter(l -> l.startsWith("done on ")))
                    .as(job.describe(r))
                    .hasSize(2);
            job.assertNothingLeft();
        }
    }

    @Test
    void aRequiredServiceThatEndsEarlyStopsTheJobWith125NamingServiceAndNode(LocalCluster cluster) throws Exception {
        try (Job job = Job.create(cluster, "required")) {
            String services = "{\"services\":[{\"name\":\"agg\",\"placement\":\"firstNode\",\"required\":true,"
                    + "\"argv\":[\"/bin/sh\",\"-c\",\"while ! test -e /work/started; do sleep 0.1; done; exit 4\"]},"
                    + "{\"name\":\"sampler\",\"graceSeconds\":5,\"argv\":[\"sleep\",\"1017\"]}]}";

            ShimResult r = job.run(services, "touch /work/started; exec sleep 1017");

            assertThat(r.exitCode()).as(job.describe(r)).isEqualTo(125);
            assertThat(job.output().lines())
                    .as(job.describe(r))
                    .containsOnlyOnce("hpcenv: required service agg on node "
                            + job.nodes().get(0) + " exited with code 4 while the tasks ran");
            job.assertNothingLeft();
        }
    }

    /** One job of this class: its own site (runtime state in each node's /tmp), work directory and name. */
    private static final class Job implements AutoCloseable {
        final LocalCluster cluster;
        final ShimTestEnv env;
        final String name;
        final Path dir;
        final Path nodeDir;
        String id = "";
        IngestReceiver logs;

        private Job(LocalCluster cluster, ShimTestEnv env, String name, Path dir, Path nodeDir) {
            this.cluster = cluster;
            this.env = env;
            this.name = name;
            this.dir = dir;
            this.nodeDir = nodeDir;
        }

        static Job create(LocalCluster cluster, String what) throws IOException, InterruptedException {
            ShimTestEnv env = ShimTestEnv.get();
            String name = "hpcenv-services-it-" + what + "-"
                    + UUID.randomUUID().toString().substring(0, 8);
            Path dir = Files.createDirectories(tree.resolve(name));
            Path nodeDir = Path.of("/tmp", name);
            Files.writeString(
                    dir.resolve("shim.toml"),
                    "image_store = \"" + dir.resolve("store") + "\"\nruntime = \"runc\"\nruntime_dir = \""
                            + nodeDir.resolve("rt") + "\"\ntemp_dir = \"" + nodeDir.resolve("tmp") + "\"\n");
            Files.writeString(dir.resolve("job.sh"), BATCH_SCRIPT);
            Processes.runOk(List.of("chmod", "-R", "a+rX", dir.toString()), null);
            Processes.runOk(List.of("chown", "-R", env.user + ":", dir.toString()), null);
            return new Job(cluster, env, name, dir, nodeDir);
        }

        List<String> nodes() {
            return cluster.nodes().subList(0, 2);
        }

        /** sbatch --wait on 2 nodes, one task each; the job's exit code as sbatch returns it. */
        ShimResult run(String services, String taskScript) throws IOException, InterruptedException {
            String spec = "{\"image\":\"" + image + "\",\"mounts\":[{\"source\":\"" + dir
                    + "\",\"target\":\"/work\",\"type\":\"bind\",\"flags\":[]}]}";
            String argv =
                    "[\"/bin/sh\",\"-c\",\"" + taskScript.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
            ShimResult r = Processes.run(
                    List.of(
                            "runuser",
                            "-u",
                            env.user,
                            "--",
                            "env",
                            "SLURM_CONF=" + cluster.slurm().slurmConf(),
                            "HPCENV_SHIM_CONFIG=" + dir.resolve("shim.toml"),
                            "HPCENV_SPEC=" + spec,
                            "HPCENV_ARGV=" + argv,
                            "HPCENV_SERVICES=" + services,
                            "HPCENV_SHIM=" + launcher,
                            "HPCENV_LOG_URL=" + (logs != null ? logs.url() : ""),
                            "HPCENV_LOG_TOKEN=" + (logs != null ? "t0ken" : ""),
                            // Within Processes.run's 120 s, so that a hung job still shows its output.
                            "timeout",
                            "100",
                            "sbatch",
                            "--wait",
                            "--nodes=2",
                            "--ntasks-per-node=1",
                            "--nodelist=" + String.join(",", nodes()),
                            "--time=5",
                            "--job-name=" + name,
                            "--chdir=" + dir,
                            "--output=" + dir.resolve("job.out"),
                            dir.resolve("job.sh").toString()),
                    dir);
            Matcher m = JOB_ID.matcher(r.stdout());
            id = m.find() ? m.group(1) : "";
            return r;
        }

        String output() throws IOException {
            Path f = dir.resolve("job.out");
            return Files.exists(f) ? Files.readString(f) : "(no job output)";
        }

        String serviceOutput(String service, String node) throws IOException {
            return Files.readString(dir.resolve("hpcenv-" + id + "-" + service + "-" + node + ".out"));
        }

        String describe(ShimResult r) {
            try {
                return "sbatch: " + r + "\n--- job.out\n" + output();
            } catch (IOException e) {
                return r.toString();
            }
        }

        /** Within 20 s of the job's end (Slurm still ends its steps): nothing of it on any node. */
        void assertNothingLeft() throws InterruptedException {
            List<String> left = new ArrayList<>();
            try {
                Processes.await("nothing left of job " + id, Duration.ofSeconds(20), () -> {
                    left.clear();
                    left.addAll(leftovers());
                    return left.isEmpty();
                });
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + ": " + left, e);
            }
        }

        private List<String> leftovers() {
            List<String> out = new ArrayList<>();
            for (String node : nodes()) {
                String mounts = cluster.nodeExec(node, List.of("cat", "/proc/self/mounts"));
                mounts.lines().filter(l -> l.contains(name)).forEach(l -> out.add(node + ": mount " + l));
                String files = cluster.nodeExec(
                        node,
                        List.of(
                                "find",
                                nodeDir.toString(),
                                "-mindepth",
                                "3",
                                "-maxdepth",
                                "3",
                                "(",
                                "-path",
                                "*/hpcenv-shim-*/tasks/*",
                                "-o",
                                "-path",
                                "*/hpcenv-shim-*/mounts/*",
                                "-o",
                                "-path",
                                "*/hpcenv-shim-*/runc/*",
                                "-o",
                                "-path",
                                "*/hpcenv-shim-*/jobs/*",
                                ")",
                                "-print"));
                files.lines().filter(l -> !l.isBlank()).forEach(l -> out.add(node + ": " + l));
            }
            // The nodes share the host's pid namespace: one look finds the processes of every node.
            for (String text : List.of(name, launcher.getParent().getParent().toString(), "sleep 1017")) {
                ShimProcesses.withCommandLine(text)
                        .forEach(pid -> out.add("process " + pid + ": " + ShimProcesses.commandLine(pid)));
            }
            return out;
        }

        @Override
        public void close() throws IOException, InterruptedException {
            Processes.run(
                    List.of(
                            "env",
                            "SLURM_CONF=" + cluster.slurm().slurmConf(),
                            "scancel",
                            "--name=" + name,
                            "--user=" + env.user),
                    null);
        }
    }
}
