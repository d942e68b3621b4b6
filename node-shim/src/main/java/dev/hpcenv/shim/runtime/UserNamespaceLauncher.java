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
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts the runtime as root of a user namespace in which the job's own uid and gid map to
 * themselves. runc 1.1 cannot make such a namespace for an unprivileged caller (it chowns its
 * exec FIFO and stdio to container root, a subordinate id), but as the namespace's root it can.
 * <ol>
 * <li>{@code unshare --user --mount --keep-caps} makes the namespace (a mount namespace of its
 * own, so that runc may enter "the host's" one) and runs a constant sh script that waits on a
 * FIFO (the "gate");</li>
 * <li>the shim writes {@code deny} to its setgroups file, so that nothing in the namespace can
 * drop the job's supplementary groups, and maps ids with newuidmap/newgidmap;</li>
 * <li>it opens the gate; setpriv becomes uid/gid 0 of the namespace, keeping the groups, and
 * execs the runtime (same pid throughout, so signals and the exit status are the runtime's).</li>
 * </ol>
 * If the shim dies before opening the gate, the script reads end-of-file and exits.
 */
final class UserNamespaceLauncher {
    /** Constant: the gate and the command come as arguments, never as script text. */
    static final String GATE_SCRIPT = "read -r _ < \"$1\" || exit 125; shift; exec \"$@\"";
    private static final long NAMESPACE_WAIT_MS = 10_000;

    private final UserMapping mapping;
    private final Map<String, String> env;
    private final ProcessRunner runner;

    UserNamespaceLauncher(UserMapping mapping, Map<String, String> env, ProcessRunner runner) {
        this.mapping = mapping;
        this.env = env;
        this.runner = runner;
    }

    /** The command line that runs {@code command} as the namespace's root once the gate opens. */
    List<String> wrap(List<String> command, Path gate) {
        List<String> out = new ArrayList<>(List.of(tool("unshare"), "--user", "--mount", "--keep-caps", "--",
                "/bin/sh", "-c", GATE_SCRIPT, "sh", gate.toString(),
                tool("setpriv"), "--reuid=0", "--regid=0", "--keep-groups", "--"));
        out.addAll(command);
        return out;
    }

    /** Makes the gate FIFO and holds it open read-write, so that opening it never blocks. */
    FileChannel createGate(Path gate) throws InterruptedException {
        CommandResult r = runner.run(List.of("mkfifo", "-m", "600", gate.toString()));
        if (!r.ok()) {
            throw ShimException.environment("cannot make " + gate + ": " + r.lastErrorLine(), null);
        }
        try {
            return FileChannel.open(gate, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw ShimException.environment("cannot open " + gate + ": " + IoErrors.describe(e), null);
        }
    }

    /** Maps the ids of {@code pid}'s new namespace and opens the gate; on failure the caller kills it. */
    void release(long pid, FileChannel gate) throws InterruptedException {
        awaitNamespace(pid);
        ShimLog.phase("namespace-made");
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            Files.writeString(proc.resolve("setgroups"), "deny");
        } catch (IOException e) {
            throw failed("cannot write " + proc.resolve("setgroups") + ": " + IoErrors.describe(e));
        }
        // The two setuid helpers are independent: run them side by side (a start-up cost per task).
        ShimException[] gidFailure = new ShimException[1];
        Thread gids = new Thread(() -> {
            try {
                map("newgidmap", pid, mapping.gids());
            } catch (ShimException e) {
                gidFailure[0] = e;
            } catch (InterruptedException e) {
                gidFailure[0] = failed("interrupted");
            }
        }, "newgidmap");
        gids.start();
        try {
            map("newuidmap", pid, mapping.uids());
        } finally {
            gids.join();
        }
        if (gidFailure[0] != null) {
            throw gidFailure[0];
        }
        try {
            gate.write(ByteBuffer.wrap("go\n".getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw failed("cannot open the gate: " + IoErrors.describe(e));
        }
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

    /** unshare has run once the process's user namespace differs from ours. */
    private static void awaitNamespace(long pid) throws InterruptedException {
        Path mine = Path.of("/proc/self/ns/user");
        Path theirs = Path.of("/proc", Long.toString(pid), "ns", "user");
        long deadline = System.nanoTime() + NAMESPACE_WAIT_MS * 1_000_000;
        try {
            String own = Files.readSymbolicLink(mine).toString();
            while (System.nanoTime() < deadline) {
                try {
                    if (!Files.readSymbolicLink(theirs).toString().equals(own)) {
                        return;
                    }
                } catch (IOException e) {
                    throw failed("unshare --user ended before the namespace was mapped");
                }
                Thread.sleep(1);
            }
        } catch (IOException e) {
            throw failed("cannot read " + mine + ": " + IoErrors.describe(e));
        }
        throw failed("unshare --user did not make a namespace within " + NAMESPACE_WAIT_MS / 1000 + " s");
    }

    private String tool(String name) {
        String path = Tool.find(name, env);
        if (path == null) {
            throw ShimException.environment(name + " not found",
                    "install util-linux and uidmap, or run: hpcenv-shim selftest");
        }
        return path;
    }

    private static ShimException failed(String what) {
        return ShimException.environment("cannot map the job's ids into the container: " + what,
                "run: hpcenv-shim selftest");
    }
}
