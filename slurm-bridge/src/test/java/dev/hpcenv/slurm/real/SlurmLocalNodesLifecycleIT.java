package dev.hpcenv.slurm.real;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * dev/slurm-local.sh with several nodes, as a whole: an instance of the test's own (own state
 * directory, ports and subnet, beside the default and the 3-node instance) starts, its nodes have
 * their own hostname and private /tmp, a node that boots again leaves the others' mounts intact, a
 * wrong node count is refused in one line, and stop leaves no namespace, link, mount or process
 * behind.
 */
class SlurmLocalNodesLifecycleIT {

    private static final int CTLD_PORT = 6847;

    private final Path root = LocalSlurmExtension.repoRoot();
    private final Path state = Path.of("/var/tmp", "hpcenv-slurm-lifecycle-" + UUID.randomUUID());
    private final StringBuilder transcript = new StringBuilder();
    private final Map<String, String> extraEnv = new java.util.HashMap<>();

    @BeforeEach
    void requireRoot() {
        Assumptions.assumeTrue(LocalSlurmExtension.isRoot(), "namespaces, links and daemons need root");
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (Files.exists(state)) {
            script("stop");
            try (Stream<Path> files = Files.walk(state)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    void twoNodesStartWithTheirOwnHostnameAndTmpAndStopLeavesNothing() {
        assertOk(script("start", "--nodes", "2"));
        assertOk(script("status"));
        Map<String, String> env = LocalSlurmExtension.parseEnv(assertOk(script("env")));
        assertThat(env)
                .containsEntry("HPCENV_SLURM_NODES", "node1,node2")
                .containsEntry(
                        "HPCENV_SLURM_SHARED_DIR", state.resolve("shared").toString())
                .containsEntry("HPCENV_SLURM_HOST_ADDR", "172.29." + (CTLD_PORT % 256) + ".1");
        assertThat(assertOk(script("node-exec", "node2", "hostname")).strip()).isEqualTo("node2");
        assertThat(assertOk(script("node-exec", "node1", "findmnt", "-n", "-o", "SOURCE", "-T", "/tmp")))
                .contains(state.resolve("nodes/node1/tmp").toString());
        assertThat(leftovers()).as("while running").isNotEmpty();

        // A node that boots again must not pull the files the other nodes have mounted from under
        // them: a replaced /etc/hosts stays mounted on node1 as a deleted file, and runc then fails
        // to bind-mount /etc/hosts into every container there.
        assertOk(script("node-down", "node2"));
        assertOk(script("node-up", "node2"));
        assertThat(assertOk(script("node-exec", "node1", "findmnt", "-n", "-o", "SOURCE", "/etc/hosts")))
                .contains(state.resolve("etc/hosts").toString())
                .doesNotContain("deleted");
        assertThat(assertOk(script("node-exec", "node2", "hostname")).strip()).isEqualTo("node2");

        assertOk(script("stop"));
        assertThat(leftovers())
                .as("namespaces, links, mounts and processes after stop")
                .isEmpty();
    }

    @Test
    void aNodeCountOutOfRangeIsRefusedInOneLine() {
        Result result = script("start", "--nodes", "9");
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.output().strip())
                .isEqualTo("slurm-local: node count '9' (--nodes or HPCENV_SLURM_NODES_COUNT) must be 1 to 8");
        assertThat(state).doesNotExist();
    }

    @Test
    void aCredentialLifetimeThatIsNotANumberIsRefusedInOneLine() {
        extraEnv.put("HPCENV_SLURM_CRED_EXPIRE", "2m");
        Result result = script("start", "--nodes", "2");
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.output().strip())
                .isEqualTo("slurm-local: HPCENV_SLURM_CRED_EXPIRE '2m' must be a number of seconds"
                        + " (Slurm's default is 120)");
        assertThat(state).doesNotExist();
    }

    /** What of this instance the kernel still has: network namespaces, links, mounts, processes. */
    private List<String> leftovers() {
        List<String> found = new ArrayList<>();
        for (String line : run(List.of("ip", "netns", "list")).output().split("\n")) {
            if (line.startsWith("hpcenv-" + CTLD_PORT + "-")) {
                found.add("netns " + line);
            }
        }
        for (String line : run(List.of("ip", "-o", "link", "show")).output().split("\n")) {
            if (line.contains("hpc" + CTLD_PORT) || line.contains("hpcbr" + CTLD_PORT)) {
                found.add("link " + line);
            }
        }
        for (String line :
                run(List.of("findmnt", "-rn", "-o", "TARGET,SOURCE")).output().split("\n")) {
            if (line.contains(state.toString())) {
                found.add("mount " + line);
            }
        }
        for (String line :
                run(List.of("pgrep", "-af", state.toString())).output().split("\n")) {
            if (!line.isBlank() && !line.contains("pgrep")) {
                found.add("process " + line);
            }
        }
        return found;
    }

    private String assertOk(Result result) {
        assertThat(result.exit())
                .as("exit of the script; transcript:\n%s", transcript)
                .isZero();
        return result.output();
    }

    private Result script(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(root.resolve("dev/slurm-local.sh").toString());
        command.addAll(List.of(arguments));
        Result result = run(command);
        transcript
                .append("$ ")
                .append(String.join(" ", command))
                .append(" -> ")
                .append(result.exit())
                .append('\n');
        transcript.append(result.output());
        return result;
    }

    record Result(int exit, String output) {}

    private Result run(List<String> command) {
        try {
            Path log = Files.createTempFile("hpcenv-lifecycle", ".log");
            try {
                ProcessBuilder builder =
                        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
                Map<String, String> env = builder.environment();
                env.put("HPCENV_SLURM_STATE", state.toString());
                env.put("HPCENV_SLURMCTLD_PORT", Integer.toString(CTLD_PORT));
                env.put("HPCENV_SLURMD_PORT", Integer.toString(CTLD_PORT + 1));
                env.put("HPCENV_SLURM_PORT", Integer.toString(CTLD_PORT + 3));
                env.put("HPCENV_SLURM_LINK_SYSTEM_CONF", "0");
                env.putAll(extraEnv);
                Process process = builder.start();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                    return new Result(124, "timed out after 120 s\n" + Files.readString(log, StandardCharsets.UTF_8));
                }
                return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }
}
