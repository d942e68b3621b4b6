package dev.hpcenv.slurm.real;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The multi-node Slurm that dev/slurm-nodes.sh runs (dev/slurm-local.sh with several nodes, each in
 * namespaces of its own), as its {@code env} command describes it.
 *
 * @param slurm       the controller side: slurmrestd, its key, the test user, slurm.conf
 * @param nodes       node1..nodeN
 * @param sharedDir   the cluster file system: one host directory at the same path on every node
 * @param hostAddress the host's address on the nodes' bridge: services every node must reach (a
 *                    registry) listen there
 * @param settings    what the script's environment adds to address this instance (state directory,
 *                    ports); empty for the shared 3-node instance
 */
public record LocalCluster(
        LocalSlurm slurm, List<String> nodes, Path sharedDir, String hostAddress, Map<String, String> settings) {

    static final String SCRIPT = "dev/slurm-nodes.sh";

    public LocalCluster {
        nodes = List.copyOf(nodes);
        settings = Map.copyOf(settings);
    }

    public LocalCluster(LocalSlurm slurm, List<String> nodes, Path sharedDir, String hostAddress) {
        this(slurm, nodes, sharedDir, hostAddress, Map.of());
    }

    static LocalCluster fromEnv(Path root, Map<String, String> env, Map<String, String> settings) {
        LocalSlurm slurm = LocalSlurm.fromEnv(root, env);
        return new LocalCluster(
                slurm,
                Arrays.asList(require(env, "HPCENV_SLURM_NODES").split(",")),
                Path.of(require(env, "HPCENV_SLURM_SHARED_DIR")),
                require(env, "HPCENV_SLURM_HOST_ADDR"),
                settings);
    }

    /**
     * Starts a multi-node instance of a test's own (for tests that take nodes down, which must not
     * disturb the shared instance), addressed by {@code settings}: HPCENV_SLURM_STATE and the ports
     * (HPCENV_SLURMCTLD_PORT, HPCENV_SLURMD_PORT, HPCENV_SLURM_PORT) at least. Needs root; {@link
     * #stop} ends it.
     */
    public static LocalCluster startOwn(Map<String, String> settings) {
        Path root = LocalSlurmExtension.repoRoot();
        LocalCluster unstarted = new LocalCluster(null, List.of(), Path.of("/"), "", settings);
        unstarted.scriptOk("start");
        return fromEnv(root, LocalSlurmExtension.parseEnv(unstarted.scriptOk("env")), settings);
    }

    /** Stops an instance that {@link #startOwn} started: every daemon, namespace, link and mount. */
    public void stop() {
        if (settings.isEmpty()) {
            throw new IllegalStateException("the shared multi-node instance is never stopped by a test");
        }
        scriptOk("stop");
    }

    private static String require(Map<String, String> env, String key) {
        String value = env.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(SCRIPT + " env did not print " + key);
        }
        return value;
    }

    /** Powers a node off: every process in it dies; slurmctld notices after SlurmdTimeout. */
    public void nodeDown(String node) {
        scriptOk("node-down", node);
    }

    /** Boots a node again and returns once slurmctld has it back in service. */
    public void nodeUp(String node) {
        scriptOk("node-up", node);
    }

    /** Runs a command as root inside a running node's network, UTS and mount namespaces; its output. */
    public String nodeExec(String node, List<String> command) {
        List<String> arguments = new ArrayList<>(List.of("node-exec", node));
        arguments.addAll(command);
        return scriptOk(arguments.toArray(String[]::new));
    }

    /** The tail of every daemon log, for a failure message. */
    public String logs() {
        return LocalSlurmExtension.script(LocalSlurmExtension.repoRoot(), SCRIPT, List.of("logs"), settings)
                .output();
    }

    private String scriptOk(String... arguments) {
        LocalSlurmExtension.Result result =
                LocalSlurmExtension.script(LocalSlurmExtension.repoRoot(), SCRIPT, List.of(arguments), settings);
        if (result.exit() != 0) {
            throw new IllegalStateException(SCRIPT + " " + String.join(" ", arguments) + " failed (exit "
                    + result.exit() + "):\n" + result.output());
        }
        return result.output();
    }
}
