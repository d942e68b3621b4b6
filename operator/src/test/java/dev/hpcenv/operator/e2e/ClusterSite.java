package dev.hpcenv.operator.e2e;

import dev.hpcenv.crd.v1alpha1.ClusterRef;
import dev.hpcenv.crd.v1alpha1.EnvironmentSpec;
import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.HpcJobSpec;
import dev.hpcenv.crd.v1alpha1.JobResources;
import dev.hpcenv.model.Mount;
import dev.hpcenv.model.MountType;
import dev.hpcenv.operator.testing.Await;
import dev.hpcenv.slurm.real.LocalCluster;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a site puts on the nodes of a multi-node local Slurm for one e2e run, all of it under the
 * cluster's shared directory so that every node sees the same files: the shim installed as on compute
 * nodes (world-readable, dev/install-shim.sh), its configuration and a wrapper that names it (the
 * SlurmCluster's shimPath), the image store, and a directory for job output owned by the job user (a
 * node's /tmp is private). A registry of the run's own (dev/registry-local.sh) listens on the host's
 * bridge address, the only host address the nodes reach, and serves the busybox demo image. The shim's
 * runtime and temp directories are in each node's private /tmp under a name of this run, so that
 * {@link #leftovers} finds exactly this run's state on a node.
 */
final class ClusterSite implements AutoCloseable {

    static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(4);

    final LocalCluster cluster;
    final String run;
    /** The SlurmCluster the site's HpcJobs name. */
    final String clusterName;

    final Path dir;
    final Path output;
    final Path wrapper;
    final String image;
    /** Node-private: each node's /tmp is its own. */
    final String nodeRuntime;

    private final Path root;
    private final Map<String, String> registrySettings;

    private ClusterSite(
            LocalCluster cluster,
            String run,
            String clusterName,
            Path root,
            Map<String, String> registrySettings,
            String image) {
        this.cluster = cluster;
        this.run = run;
        this.clusterName = clusterName;
        this.root = root;
        this.registrySettings = registrySettings;
        this.image = image;
        this.dir = cluster.sharedDir().resolve("hpcenv-e2e-" + run);
        this.output = dir.resolve("out");
        this.wrapper = dir.resolve("shim");
        this.nodeRuntime = "/tmp/hpcenv-e2e-" + run;
    }

    /** The site of {@code world}'s run, whose HpcJobs name the world's SlurmCluster. */
    static ClusterSite start(LocalCluster cluster, RealSlurmWorld world) {
        String run = world.run;
        Path root = Path.of(System.getProperty("hpcenv.root", ".."))
                .toAbsolutePath()
                .normalize();
        Map<String, String> registry = new HashMap<>();
        registry.put("HPCENV_REGISTRY_ADDR", cluster.hostAddress());
        registry.put("HPCENV_REGISTRY_PORT", Integer.toString(freePort(cluster.hostAddress())));
        registry.put("HPCENV_REGISTRY_STATE", "/var/tmp/hpcenv-e2e-registry-" + run);
        run(root, List.of("dev/registry-local.sh", "start"), registry);
        String image = null;
        for (String line :
                run(root, List.of("dev/registry-local.sh", "env"), registry).split("\n")) {
            if (line.startsWith("HPCENV_DEMO_IMAGE=")) {
                image = line.substring("HPCENV_DEMO_IMAGE=".length());
            }
        }
        if (image == null) {
            throw new IllegalStateException("dev/registry-local.sh env printed no HPCENV_DEMO_IMAGE");
        }
        ClusterSite site = new ClusterSite(cluster, run, world.clusterName, root, registry, image);
        try {
            site.install();
            return site;
        } catch (RuntimeException | Error e) {
            site.close();
            throw e;
        }
    }

    private void install() {
        try {
            Files.createDirectories(output);
            Files.createDirectories(dir.resolve("store"));
            run(root, List.of("dev/install-shim.sh", dir.resolve("prefix").toString()), Map.of());
            String registry =
                    registrySettings.get("HPCENV_REGISTRY_ADDR") + ":" + registrySettings.get("HPCENV_REGISTRY_PORT");
            Files.writeString(
                    dir.resolve("shim.toml"),
                    "insecure_registries = [\"" + registry + "\"]\n"
                            + "image_store = \"" + dir.resolve("store") + "\"\n"
                            + "runtime = \"runc\"\n"
                            + "runtime_dir = \"" + nodeRuntime + "/rt\"\n"
                            + "temp_dir = \"" + nodeRuntime + "/tmp\"\n");
            // The run's node-private directories exist on no node yet, as a site's runtime_dir and
            // temp_dir would: the wrapper makes them as the job user before the shim starts.
            Files.writeString(
                    wrapper,
                    "#!/bin/sh\nmkdir -p " + nodeRuntime + "/rt " + nodeRuntime + "/tmp\nHPCENV_SHIM_CONFIG=" + dir
                            + "/shim.toml exec " + dir + "/prefix/bin/hpcenv-shim \"$@\"\n");
            run(root, List.of("chmod", "-R", "a+rX", dir.toString()), Map.of());
            run(root, List.of("chmod", "0755", wrapper.toString()), Map.of());
            String user = cluster.slurm().user();
            run(
                    root,
                    List.of(
                            "chown",
                            "-R",
                            user + ":",
                            output.toString(),
                            dir.resolve("store").toString()),
                    Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An HpcJob of the mapped namespace running {@code sh -c script marker} in the demo image on {@code
     * nodes} nodes, with the shared output directory mounted at /shared in the container and its output
     * in that directory.
     */
    HpcJob job(String namespace, String name, int nodes, int tasksPerNode, String script, String marker) {
        HpcJob job = new HpcJob();
        job.setMetadata(
                new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        HpcJobSpec spec = new HpcJobSpec();
        EnvironmentSpec environment = new EnvironmentSpec();
        environment.setImage(image);
        environment.setMounts(
                new ArrayList<>(List.of(new Mount(output.toString(), "/shared", MountType.BIND, new ArrayList<>()))));
        spec.setEnvironment(environment);
        spec.setClusterRef(new ClusterRef(clusterName));
        spec.setCommand(new ArrayList<>(List.of("sh", "-c", script, marker)));
        JobResources resources = new JobResources();
        resources.setNodes(nodes);
        resources.setTasksPerNode(tasksPerNode);
        resources.setTimeLimit("10m");
        spec.setResources(resources);
        spec.setOutput(output(name).toString());
        job.setSpec(spec);
        return job;
    }

    /** The lines of a job's output file (in the shared directory) that start with {@code prefix}. */
    List<String> lines(String name, String prefix) {
        return read(output(name)).lines().filter(l -> l.startsWith(prefix)).toList();
    }

    /** A job output file in the shared directory. */
    /** The output file of job {@code name}, headed, for a failing assertion's message. */
    String describeOutput(String name) {
        return "output of " + name + ":\n" + read(output(name));
    }

    Path output(String name) {
        return output.resolve(name + ".out");
    }

    String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What of this run is still on {@code node}: processes whose command line names {@code marker} (a
     * job's container command carries one), the shim and runc of this run's configuration, mounts of
     * this run's image store, and runc state, task and mount directories in the node's runtime
     * directory.
     */
    List<String> leftovers(String node, String marker) {
        List<String> found = new ArrayList<>();
        String processes = cluster.nodeExec(
                node,
                List.of(
                        "sh",
                        "-c",
                        "for p in \"$@\"; do pgrep -af -- \"$p\"; done; true",
                        "sh",
                        marker,
                        nodeRuntime,
                        dir.toString()));
        for (String line : processes.split("\n")) {
            if (!line.isBlank() && !line.contains("pgrep")) {
                found.add("process " + line);
            }
        }
        for (String line : cluster.nodeExec(node, List.of("findmnt", "-rn", "-o", "SOURCE,TARGET,FSTYPE"))
                .split("\n")) {
            if (line.contains(dir.toString()) || line.contains(nodeRuntime)) {
                found.add("mount " + line);
            }
        }
        String state = cluster.nodeExec(
                node,
                List.of(
                        "sh",
                        "-c",
                        "for d in \"$1\"/rt/*/runc \"$1\"/rt/*/tasks \"$1\"/rt/*/mounts; do"
                                + " [ -d \"$d\" ] && ls -A \"$d\" | sed \"s|^|$d/|\"; done; true",
                        "sh",
                        nodeRuntime));
        for (String line : state.split("\n")) {
            if (!line.isBlank()) {
                found.add("state " + line);
            }
        }
        return found;
    }

    /**
     * Asserts that each of {@code nodes} holds what a running task of {@code marker}'s job holds there (so
     * that an empty {@link #leftovers} later means cleaned up, not never seen): its processes, a mount of
     * the image and runtime state.
     */
    void assertRunningOn(List<String> nodes, String marker) {
        for (String node : nodes) {
            List<String> held = leftovers(node, marker);
            org.assertj.core.api.Assertions.assertThat(held)
                    .as("what a running task of %s holds on %s", marker, node)
                    .anyMatch(l -> l.startsWith("process ") && l.contains(marker))
                    .anyMatch(l -> l.startsWith("mount "))
                    .anyMatch(l -> l.startsWith("state "));
        }
    }

    /** Waits until none of {@code nodes} holds anything of {@code marker}'s job; fails naming what is left. */
    void awaitNothingLeft(List<String> nodes, String marker, Duration deadline) {
        Await.until(
                "nothing of " + marker + " left on " + nodes,
                deadline,
                () -> nodes.stream().allMatch(n -> leftovers(n, marker).isEmpty()),
                () -> {
                    StringBuilder b = new StringBuilder();
                    for (String n : nodes) {
                        b.append(n).append(": ").append(leftovers(n, marker)).append('\n');
                    }
                    return b.toString();
                });
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        try {
            run(root, List.of("dev/registry-local.sh", "stop"), registrySettings);
        } catch (RuntimeException e) {
            failure = e;
        }
        for (String node : cluster.nodes()) {
            try {
                cluster.nodeExec(node, List.of("rm", "-rf", nodeRuntime));
            } catch (RuntimeException e) {
                // a node a test took down has no namespaces left, and no /tmp of its own
            }
        }
        for (Path p : List.of(dir, Path.of(registrySettings.get("HPCENV_REGISTRY_STATE")))) {
            try {
                delete(p);
            } catch (UncheckedIOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void delete(Path top) {
        if (!Files.exists(top)) {
            return;
        }
        try (Stream<Path> files = Files.walk(top)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + top, e);
        }
    }

    private static int freePort(String host) {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + host, e);
        }
    }

    /** Runs a command from the repository root with {@code settings} added to its environment; its output. */
    static String run(Path root, List<String> command, Map<String, String> settings) {
        try {
            Path log = Files.createTempFile("hpcenv-e2e-site", ".log");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(root.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
                builder.environment().putAll(settings);
                Process process = builder.start();
                if (!process.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new IllegalStateException(command + " timed out after " + SCRIPT_TIMEOUT + ":\n"
                            + Files.readString(log, StandardCharsets.UTF_8));
                }
                String out = Files.readString(log, StandardCharsets.UTF_8);
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(command + " failed (exit " + process.exitValue() + "):\n" + out);
                }
                return out;
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }
}
