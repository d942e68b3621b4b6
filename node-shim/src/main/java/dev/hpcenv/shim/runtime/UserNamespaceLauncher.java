package dev.hpcenv.shim.runtime;

import dev.hpcenv.shim.error.IoErrors;
import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.identity.IdRange;
import dev.hpcenv.shim.identity.Tool;
import dev.hpcenv.shim.identity.UserMapping;
import dev.hpcenv.shim.log.ShimLog;
import dev.hpcenv.shim.process.CommandResult;
import dev.hpcenv.shim.process.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts the runtime as root of a user namespace in which the job's own uid and gid map to
 * themselves. runc 1.1 cannot make such a namespace for an unprivileged caller (it chowns its
 * exec FIFO and stdio to container root, a subordinate id), but as the namespace's root it can.
 * <ol>
 * <li>{@code unshare --user --mount --keep-caps} makes the namespace (a mount namespace of its
 * own, so that runc may enter "the host's" one) and runs a constant sh script that writes
 * {@code ready} into one FIFO and then blocks reading the other ({@link NamespaceGate});</li>
 * <li>once ready, the shim writes {@code deny} to its setgroups file, so that nothing in the
 * namespace can drop the job's supplementary groups, and maps ids with newuidmap, then
 * newgidmap;</li>
 * <li>it opens the gate; setpriv becomes uid/gid 0 of the namespace, keeping the groups, and
 * execs the runtime (same pid throughout, so signals and the exit status are the runtime's).</li>
 * </ol>
 * Why the child must say it is ready: a process reads its ids while it starts, and one that
 * sees them change under it acts on the mix. dash, started while the uid map was unwritten, read
 * its uid as the overflow id 65534, then its euid as the now mapped 1001, took itself for a
 * setuid program and dropped to uid 65534 (host id subordinate+65533): newgidmap then refused the
 * process as "owned by a different user", or the shell could no longer open the gate and exited
 * ("Could not open proc directory"). About 4% of starts under load failed so when the shim
 * mapped as soon as the namespace existed; now nothing starts in the namespace while the maps are
 * written but a blocked read. If the shim dies before opening the gate, the script reads
 * end-of-file and exits.
 */
final class UserNamespaceLauncher {
    /** Constant: the FIFOs and the command come as arguments, never as script text. */
    static final String GATE_SCRIPT =
            "echo " + NamespaceGate.READY + " > \"$1\" && read -r _ < \"$2\" || exit 125; " + "shift 2; exec \"$@\"";

    private static final long READY_WAIT_MS = 10_000;

    private final UserMapping mapping;
    private final Map<String, String> env;
    private final ProcessRunner runner;

    UserNamespaceLauncher(UserMapping mapping, Map<String, String> env, ProcessRunner runner) {
        this.mapping = mapping;
        this.env = env;
        this.runner = runner;
    }

    /** The command line that runs {@code command} as the namespace's root once the gate opens. */
    List<String> wrap(List<String> command, Path ready, Path gate) {
        List<String> out = new ArrayList<>(List.of(
                tool("unshare"),
                "--user",
                "--mount",
                "--keep-caps",
                "--",
                "/bin/sh",
                "-c",
                GATE_SCRIPT,
                "sh",
                ready.toString(),
                gate.toString(),
                tool("setpriv"),
                "--reuid=0",
                "--regid=0",
                "--keep-groups",
                "--"));
        out.addAll(command);
        return out;
    }

    List<String> wrap(List<String> command, NamespaceGate gate) {
        return wrap(command, gate.readyPath(), gate.releasePath());
    }

    /** The handshake's FIFOs, named after {@code base}. */
    NamespaceGate createGate(Path base) throws InterruptedException {
        return NamespaceGate.create(runner, base);
    }

    /**
     * Waits until {@code child} is ready, maps its namespace's ids and opens the gate; on failure
     * the caller kills it.
     */
    void release(RuntimeProcess child, NamespaceGate gate) throws InterruptedException {
        gate.awaitReady(child, READY_WAIT_MS);
        ShimLog.phase("namespace-made");
        Path proc = Path.of("/proc", Long.toString(child.pid()));
        try {
            Files.writeString(proc.resolve("setgroups"), "deny");
        } catch (IOException e) {
            throw failed("cannot write " + proc.resolve("setgroups") + ": " + IoErrors.describe(e));
        }
        // One after the other: each helper checks the target's owner, and only a finished map is
        // a fact the next one may rely on.
        map("newuidmap", child.pid(), mapping.uids());
        map("newgidmap", child.pid(), mapping.gids());
        gate.open();
    }

    private void map(String toolName, long pid, List<IdRange> ranges) throws InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(tool(toolName), Long.toString(pid)));
        for (IdRange r : ranges) {
            cmd.addAll(List.of(Long.toString(r.containerId()), Long.toString(r.hostId()), Long.toString(r.size())));
        }
        CommandResult r = runner.run(cmd);
        if (!r.ok()) {
            throw failed(toolName + " refused the mapping: " + r.lastErrorLine());
        }
    }

    private String tool(String name) {
        String path = Tool.find(name, env);
        if (path == null) {
            throw ShimException.environment(
                    name + " not found", "install util-linux and uidmap, or run: hpcenv-shim selftest");
        }
        return path;
    }

    static ShimException failed(String what) {
        return ShimException.environment(
                "cannot map the job's ids into the container: " + what, "run: hpcenv-shim selftest");
    }
}
