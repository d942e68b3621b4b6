package dev.hpcenv.shim.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpcenv.shim.state.TreeRemover;
import dev.hpcenv.shim.support.Processes;
import dev.hpcenv.shim.support.ShimIntegration;
import dev.hpcenv.shim.support.ShimResult;
import dev.hpcenv.shim.support.ShimTestEnv;
import dev.hpcenv.shim.support.TestRegistry;
import dev.hpcenv.slurm.real.LocalCluster;
import dev.hpcenv.slurm.real.LocalClusterExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 14, item 3, on the 3-node local Slurm (dev/slurm-nodes.sh): nine tasks on three nodes start
 * from a cold store at once. On the cluster's shared directory the registry serves every blob of the
 * image once for the whole cluster; on a node-local store ({@code /tmp}, private to each node) once
 * per node. Every task runs the same digest, and nothing (work directory, partial image, task state,
 * mount) is left on any node.
 */
@ShimIntegration
@ExtendWith(LocalClusterExtension.class)
class ClusterImageStoreIT {
    private static final int NODES = 3;
    private static final int TASKS_PER_NODE = 3;
    /** Five layers of 1.5 MiB of random data beside busybox: pulls that take long enough to overlap. */
    private static final int LAYERS = 5;

    private static final int LAYER_BYTES = 3 << 19;

    private static final Pattern RUN_IMAGE =
            Pattern.compile("^(\\d+): hpcenv-shim level=debug event=run\\.image digest=(\\S+) path=(\\S+)$");
    private static final Pattern TASK = Pattern.compile("^(\\d+): node=(\\S+)$");
    private static final Pattern FINISHED =
            Pattern.compile("JobState=(COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|BOOT_FAIL|DEADLINE)");
    private static final Pattern EXIT_CODE = Pattern.compile(" ExitCode=(\\d+):\\d+");

    private static TestRegistry registry;
    private static String image;
    private static List<String> blobs;
    private static Path launcherTree;

    @BeforeAll
    static void registryOnTheBridge(LocalCluster cluster) throws Exception {
        ShimTestEnv env = ShimTestEnv.get();
        registry = TestRegistry.start(env.base.resolve("cluster-registry"), cluster.hostAddress());
        image = registry.pushLayered(env.base.resolve("cluster-images"), "layered", "1", LAYERS, LAYER_BYTES);
        JsonNode manifest = new ObjectMapper()
                .readTree(Processes.runOk(
                                List.of("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + image), null)
                        .stdout());
        List<String> all =
                new ArrayList<>(List.of(manifest.get("config").get("digest").asText()));
        manifest.get("layers").forEach(l -> all.add(l.get("digest").asText()));
        blobs = all.stream().sorted().toList();
        // The nodes see the host's /tmp not at all: the shim they run is installed in the shared directory.
        launcherTree = Files.createDirectories(cluster.sharedDir().resolve("hpcenv-store-it-" + UUID.randomUUID()));
        Processes.runOk(
                List.of(
                        "cp",
                        "-a",
                        env.launcher().getParent().getParent().toString(),
                        launcherTree.resolve("install").toString()),
                null);
        Processes.runOk(List.of("chmod", "-R", "a+rX", launcherTree.toString()), null);
    }

    @AfterAll
    static void stopRegistry() throws IOException {
        if (registry != null) {
            registry.close();
        }
        if (launcherTree != null) {
            TreeRemover.remove(launcherTree);
        }
    }

    @Test
    void aSharedStoreDownloadsEveryBlobOnceForTheWholeCluster(LocalCluster cluster) throws Exception {
        // Given
        ShimTestEnv env = ShimTestEnv.get();
        try (ClusterJob job = ClusterJob.create(cluster, env, StoreKind.SHARED)) {
            long mark = registry.logMark();

            // When
            ShimResult r = job.run();

            // Then
            job.report(registry.blobGets(mark));
            assertThat(r.exitCode()).as(job.describe(r)).isZero();
            assertThat(registry.blobGets(mark))
                    .as("blob downloads, whole cluster; " + job.describe(r))
                    .isEqualTo(eachTimes(1));
            assertEveryTaskRanOneDigest(job, r, job.store);
            assertThat(count(job.stderr(), "event=pull.done"))
                    .as("imports; " + job.describe(r))
                    .isEqualTo(1);
            assertThat(storedImages(job.store)).hasSize(1);
            assertThat(job.leftovers()).isEmpty();
        }
    }

    @Test
    void aNodeLocalStoreDownloadsEveryBlobOncePerNode(LocalCluster cluster) throws Exception {
        // Given
        ShimTestEnv env = ShimTestEnv.get();
        try (ClusterJob job = ClusterJob.create(cluster, env, StoreKind.NODE_LOCAL)) {
            long mark = registry.logMark();

            // When
            ShimResult r = job.run();

            // Then
            job.report(registry.blobGets(mark));
            assertThat(r.exitCode()).as(job.describe(r)).isZero();
            assertThat(registry.blobGets(mark))
                    .as("blob downloads, one store per node; " + job.describe(r))
                    .isEqualTo(eachTimes(NODES));
            assertEveryTaskRanOneDigest(job, r, job.store);
            assertThat(count(job.stderr(), "event=pull.done"))
                    .as("imports; " + job.describe(r))
                    .isEqualTo(NODES);
            assertThat(job.leftovers()).isEmpty();
        }
    }

    private static Map<String, Integer> eachTimes(int n) {
        Map<String, Integer> expected = new TreeMap<>();
        blobs.forEach(b -> expected.put(b, n));
        return expected;
    }

    /** Nine tasks, three per node, each reporting (shim debug line) the same digest from {@code store}. */
    private static void assertEveryTaskRanOneDigest(ClusterJob job, ShimResult r, Path store) throws IOException {
        Map<String, String> nodeOfTask = new TreeMap<>();
        for (String line : job.stdout().lines().toList()) {
            Matcher m = TASK.matcher(line);
            if (m.matches()) {
                nodeOfTask.put(m.group(1), m.group(2));
            }
        }
        assertThat(nodeOfTask).as(job.describe(r)).hasSize(NODES * TASKS_PER_NODE);
        assertThat(nodeOfTask.values().stream().collect(Collectors.groupingBy(n -> n, Collectors.counting())))
                .as("tasks per node")
                .containsOnlyKeys(job.cluster.nodes())
                .allSatisfy((node, tasks) -> assertThat(tasks).isEqualTo((long) TASKS_PER_NODE));
        Map<String, String> digestOfTask = new TreeMap<>();
        List<String> paths = new ArrayList<>();
        for (String line : job.stderr().lines().toList()) {
            Matcher m = RUN_IMAGE.matcher(line);
            if (m.matches()) {
                digestOfTask.put(m.group(1), m.group(2));
                paths.add(m.group(3));
            }
        }
        assertThat(digestOfTask).as(job.describe(r)).hasSize(NODES * TASKS_PER_NODE);
        assertThat(Set.copyOf(digestOfTask.values())).as("digests run").hasSize(1);
        String digest = digestOfTask.values().iterator().next();
        assertThat(Set.copyOf(paths))
                .as("image files run")
                .containsExactly(store.resolve("images/amd64/" + digest.replace(':', '-') + ".sqsh")
                        .toString());
    }

    private static List<Path> storedImages(Path store) throws IOException {
        try (Stream<Path> s = Files.walk(store.resolve("images"))) {
            return s.filter(p -> p.toString().endsWith(".sqsh")).toList();
        }
    }

    private static int count(String text, String needle) {
        return (int) text.lines().filter(l -> l.contains(needle)).count();
    }

    enum StoreKind {
        /** In the cluster's shared directory: one store for every node. */
        SHARED,
        /** Under /tmp, which each node has of its own: one store per node at the same path. */
        NODE_LOCAL
    }

    /**
     * One batch job, {@code -N3 --ntasks-per-node=3}, whose step runs {@code hpcenv-shim run} in
     * every task as the test user. Its site configuration, script and output live in the shared
     * directory; its runtime and scratch directories, and a node-local store, under {@code /tmp} of
     * each node.
     */
    private static final class ClusterJob implements AutoCloseable {
        /** Constant: the shim, the spec and the command all come from the job's environment. */
        private static final String SCRIPT = "#!/bin/sh\n"
                + "exec srun --label \"$HPCENV_IT_SHIM\" run --spec-env HPCENV_SPEC --"
                + " /bin/sh -c 'echo \"node=$(cat /proc/sys/kernel/hostname)\"'\n";

        final LocalCluster cluster;
        final ShimTestEnv env;
        final String name;
        final Path dir;
        final Path nodeDir;
        final Path store;

        private ClusterJob(LocalCluster cluster, ShimTestEnv env, String name, Path dir, Path nodeDir, Path store) {
            this.cluster = cluster;
            this.env = env;
            this.name = name;
            this.dir = dir;
            this.nodeDir = nodeDir;
            this.store = store;
        }

        static ClusterJob create(LocalCluster cluster, ShimTestEnv env, StoreKind kind)
                throws IOException, InterruptedException {
            String name = "hpcenv-store-it-" + UUID.randomUUID();
            Path dir = Files.createDirectories(cluster.sharedDir().resolve(name));
            Path nodeDir = Path.of("/tmp", name);
            Path store = kind == StoreKind.SHARED ? dir.resolve("store") : nodeDir.resolve("store");
            Files.writeString(
                    dir.resolve("shim.toml"),
                    "image_store = \"" + store + "\"\nruntime = \"runc\"\ninsecure_registries = [\""
                            + registry.address() + "\"]\nruntime_dir = \"" + nodeDir.resolve("rt")
                            + "\"\ntemp_dir = \"" + nodeDir.resolve("tmp") + "\"\n");
            Files.writeString(dir.resolve("job.sh"), SCRIPT);
            Processes.runOk(List.of("chmod", "-R", "a+rX", dir.toString()), null);
            Processes.runOk(List.of("chown", "-R", env.user + ":", dir.toString()), null);
            return new ClusterJob(cluster, env, name, dir, nodeDir, store);
        }

        /**
         * Submits the job and waits, with a deadline, for it to end (other tests may hold the nodes
         * first); its exit code as Slurm reports it ({@code ExitCode=N:S}) and the scheduler's view.
         */
        ShimResult run() throws IOException, InterruptedException {
            String[] parts = image.split("/", 2);
            String spec = "{\"image\":\"" + image + "\",\"imageRef\":{\"registry\":\"" + parts[0]
                    + "\",\"repository\":\"" + parts[1].substring(0, parts[1].indexOf(':')) + "\",\"tag\":\"1\"}}";
            ShimResult submitted = Processes.runOk(
                    List.of(
                            "runuser",
                            "-u",
                            env.user,
                            "--",
                            "env",
                            "SLURM_CONF=" + cluster.slurm().slurmConf(),
                            "HPCENV_SHIM_CONFIG=" + dir.resolve("shim.toml"),
                            "HPCENV_SPEC=" + spec,
                            "HPCENV_SHIM_LOG=debug",
                            "HPCENV_SHIM_PROGRESS=1",
                            "HPCENV_IT_SHIM=" + launcherTree.resolve("install/bin/hpcenv-shim"),
                            "sbatch",
                            "--parsable",
                            "-N",
                            Integer.toString(NODES),
                            "--ntasks-per-node",
                            Integer.toString(TASKS_PER_NODE),
                            "--time",
                            "10",
                            "--job-name",
                            name,
                            "--chdir",
                            dir.toString(),
                            "-o",
                            dir.resolve("job.out").toString(),
                            "-e",
                            dir.resolve("job.err").toString(),
                            dir.resolve("job.sh").toString()),
                    dir);
            String id = submitted.stdout().strip().split(";")[0];
            String[] state = {""};
            Processes.await("the end of job " + id + " (" + name + ")", Duration.ofMinutes(10), () -> {
                state[0] = jobRecord(id);
                return !state[0].isEmpty() && FINISHED.matcher(state[0]).find();
            });
            Matcher exit = EXIT_CODE.matcher(state[0]);
            int code = exit.find() ? Integer.parseInt(exit.group(1)) : -1;
            return new ShimResult(code, state[0], "");
        }

        private String jobRecord(String id) {
            try {
                return Processes.run(
                                List.of(
                                        "env",
                                        "SLURM_CONF=" + cluster.slurm().slurmConf(),
                                        "scontrol",
                                        "show",
                                        "job",
                                        "-o",
                                        id),
                                null)
                        .stdout();
            } catch (IOException e) {
                return "";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "";
            }
        }

        /** One line for the test log: what the registry served and how the tasks met at the store. */
        void report(Map<String, Integer> served) throws IOException {
            System.out.println(name + ": blob downloads " + served + "; imports "
                    + count(stderr(), "event=pull.done") + ", tasks that waited for another's import "
                    + count(stderr(), "event=pull.wait"));
        }

        String stdout() throws IOException {
            Path f = dir.resolve("job.out");
            return Files.exists(f) ? Files.readString(f) : "";
        }

        String stderr() throws IOException {
            Path f = dir.resolve("job.err");
            return Files.exists(f) ? Files.readString(f) : "";
        }

        String describe(ShimResult r) {
            try {
                return "job: " + r + "\n--- job.out\n" + stdout() + "--- job.err\n" + stderr()
                        + "--- registry log tail\n" + tail(registry.log());
            } catch (IOException e) {
                return r + " (job output unreadable: " + e + ")";
            }
        }

        private static String tail(String log) {
            List<String> lines = log.lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())) + "\n";
        }

        /**
         * What no finished job may leave, on every node: a mount of its image or runtime directory,
         * task or runtime state, pull scratch, a partial image in the store, a lock still held or
         * with content (the lock files themselves stay, empty, see docs/node-shim.md).
         */
        List<String> leftovers() {
            List<String> out = new ArrayList<>();
            for (String node : cluster.nodes()) {
                String mounts = cluster.nodeExec(node, List.of("cat", "/proc/self/mounts"));
                mounts.lines().filter(l -> l.contains(name)).forEach(l -> out.add(node + ": mount " + l));
                String files = cluster.nodeExec(
                        node,
                        List.of(
                                "find",
                                dir.toString(),
                                nodeDir.toString(),
                                "-mindepth",
                                "1",
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
                                nodeDir.resolve("tmp") + "/hpcenv-shim-*/*",
                                "-o",
                                "-path",
                                store.resolve("tmp") + "/*",
                                "-o",
                                "-path",
                                store.resolve("locks") + "/*",
                                "-size",
                                "+0",
                                ")",
                                "-print"));
                files.lines().filter(l -> !l.isBlank()).forEach(l -> out.add(node + ": " + l));
                String locks = cluster.nodeExec(node, List.of("cat", "/proc/locks"));
                String inodes = cluster.nodeExec(
                        node, List.of("find", store.toString(), "-path", "*/locks/*", "-printf", ":%i\\n"));
                for (String inode : inodes.lines().filter(l -> !l.isBlank()).toList()) {
                    locks.lines().filter(l -> l.contains(inode + " ")).forEach(l -> out.add(node + ": lock held " + l));
                }
            }
            return out;
        }

        @Override
        public void close() throws IOException, InterruptedException {
            // A failed assertion may leave the job queued or running: cancel it by its unique name.
            Processes.run(List.of("env", "SLURM_CONF=" + cluster.slurm().slurmConf(), "scancel", "--name", name), null);
            for (String node : cluster.nodes()) {
                cluster.nodeExec(node, List.of("rm", "-rf", "--one-file-system", nodeDir.toString()));
            }
            TreeRemover.remove(dir);
        }
    }
}
