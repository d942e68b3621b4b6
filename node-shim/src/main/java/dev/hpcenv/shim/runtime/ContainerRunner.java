package dev.hpcenv.shim.runtime;

import dev.hpcenv.shim.error.ExitCode;
import dev.hpcenv.shim.error.IoErrors;
import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.json.LightJson;
import dev.hpcenv.shim.log.ShimLog;
import dev.hpcenv.shim.process.ProcessRunner;
import dev.hpcenv.shim.state.OwnerId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs one container in the foreground with the caller's stdio, relaying signals, and returns
 * the command's exit status. A failure of the runtime itself (as opposed to the command) is told
 * apart by the error record the runtime writes to its log.
 * <p>
 * How the runtime starts: with ProcessBuilder when only stdio is passed on; with posix_spawn when
 * inherited descriptors must reach the container ({@link PreservedFds}); and, with the job's own
 * ids, inside a user namespace the shim maps first ({@link UserNamespaceLauncher}). The runtime's
 * pid and start time go into {@value #RUNTIME_PID_FILE} next to its log, for the janitor.
 */
public final class ContainerRunner {
    public static final String RUNTIME_PID_FILE = "runtime.pid";
    /** The container's init, as the runtime wrote it: the janitor's handle when the runtime died too. */
    public static final String CONTAINER_PID_FILE = "container.pid";
    /** The container's mount namespace: the janitor's handle on every process of the container. */
    public static final String CONTAINER_MOUNT_NAMESPACE_FILE = ContainerEndWatch.MOUNT_NAMESPACE_FILE;
    /** The namespace handshake's FIFOs are runtime.ready and runtime.gate. */
    private static final String GATE_BASE = "runtime";

    private final OciRuntime runtime;
    private final ProcessRunner runner;

    public ContainerRunner(OciRuntime runtime, ProcessRunner runner) {
        this.runtime = runtime;
        this.runner = runner;
    }

    public int run(Path bundle, Path log, String containerId, Map<String, String> runtimeEnv, SignalRelay relay)
            throws InterruptedException {
        List<String> command = runtime.runCommand(bundle, log, log.resolveSibling(CONTAINER_PID_FILE), containerId);
        UserNamespaceLauncher namespace =
                runtime.mapping().ownIds() ? new UserNamespaceLauncher(runtime.mapping(), runtimeEnv, runner) : null;
        NamespaceGate gate = null;
        try {
            if (namespace != null) {
                gate = namespace.createGate(log.resolveSibling(GATE_BASE));
                command = namespace.wrap(command, gate);
                ShimLog.phase("runtime-gate");
            }
            RuntimeProcess p = start(command, runtimeEnv, log.getParent());
            recordPid(p, log.resolveSibling(RUNTIME_PID_FILE));
            ShimLog.phase("runtime-spawned");
            if (namespace != null) {
                try {
                    namespace.release(p, gate);
                } catch (ShimException | InterruptedException e) {
                    p.kill();
                    awaitQuietly(p);
                    throw e;
                }
            }
            ShimLog.phase("runtime-started");
            ShimLog.sinkProgress("container.started", "container started", "container", containerId);
            relay.attach(p);
            int code;
            try (ContainerEndWatch watch = ContainerEndWatch.start(p, log.resolveSibling(CONTAINER_PID_FILE))) {
                while (true) {
                    try {
                        code = p.waitFor();
                        break;
                    } catch (InterruptedException e) {
                        // Signals are relayed to the runtime; keep waiting for the command's status.
                    }
                }
            }
            relay.detach();
            if (code != 0) {
                checkRuntimeError(log);
            }
            return code;
        } finally {
            if (gate != null) {
                gate.close();
            }
        }
    }

    private RuntimeProcess start(List<String> command, Map<String, String> env, Path privateDir) {
        try {
            return ForegroundLauncher.start(runner, command, env, runtime.preservedFds(), privateDir);
        } catch (IOException e) {
            throw ShimException.environment(
                    "cannot start the OCI runtime " + runtime.binary() + ": " + e.getMessage(),
                    "set 'runtime' in the site configuration to the path of runc");
        }
    }

    private static void recordPid(RuntimeProcess p, Path file) {
        Optional<OwnerId> id = OwnerId.of(p.pid());
        try {
            if (id.isPresent()) {
                Files.writeString(file, id.get().toString());
            }
        } catch (IOException e) {
            ShimLog.debug("runtime.pid", "error", IoErrors.describe(e));
        }
    }

    private static void awaitQuietly(RuntimeProcess p) {
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void checkRuntimeError(Path log) {
        String error = runtimeError(log);
        if (error != null) {
            if (error.contains("executable file not found") || error.contains("exec: ")) {
                throw new ShimException(
                        ExitCode.COMMAND_NOT_FOUND, "cannot run the command in the container: " + error, null);
            }
            throw ShimException.environment("the container did not start: " + error, "run: hpcenv-shim selftest");
        }
    }

    /** The runtime's own fatal error, if it logged one. */
    String runtimeError(Path log) {
        try {
            if (!Files.isRegularFile(log)) {
                return null;
            }
            String found = null;
            for (String line : Files.readAllLines(log)) {
                if (!line.startsWith("{")) {
                    continue;
                }
                Object n = LightJson.parse(line);
                String level = LightJson.string(n, "level");
                if ("error".equals(level) || "fatal".equals(level)) {
                    found = LightJson.string(n, "msg");
                }
            }
            return found;
        } catch (IOException e) {
            return null;
        }
    }

    /** Deletes the container's runtime state, killing what still runs of it. */
    public void deleteIfPresent(String containerId) throws InterruptedException {
        if (!runtime.hasState(containerId)) {
            return;
        }
        if (!runtime.mapping().ownIds()) {
            runner.run(runtime.deleteCommand(containerId));
            return;
        }
        // The state belongs to the namespace's root (a subordinate id): delete from inside one.
        UserNamespaceLauncher namespace = new UserNamespaceLauncher(runtime.mapping(), System.getenv(), runner);
        try (NamespaceGate gate = namespace.createGate(runtime.stateRoot().resolveSibling("delete-" + containerId))) {
            Process p = new ProcessBuilder(namespace.wrap(runtime.deleteCommand(containerId), gate))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            try {
                namespace.release(new JavaRuntimeProcess(p), gate);
            } finally {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        } catch (IOException e) {
            ShimLog.debug("runtime.delete", "error", IoErrors.describe(e));
        }
    }
}
