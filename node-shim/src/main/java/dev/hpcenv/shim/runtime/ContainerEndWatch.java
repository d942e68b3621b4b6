package dev.hpcenv.shim.runtime;

import dev.hpcenv.shim.error.IoErrors;
import dev.hpcenv.shim.log.ShimLog;
import dev.hpcenv.shim.state.OwnerId;
import dev.hpcenv.shim.state.RunProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Watches the container's main process while the runtime runs. The job ends when that process
 * ends: whatever it left running in the container is then killed, as the kernel does when the
 * init of a pid namespace exits (the container shares the host's pid namespace, for MPI and
 * Slurm). Without this, runc (which reparents the orphans to itself and copies the container's
 * stdout until every writer has closed it) waited for a background child such as {@code sleep
 * 1000 &} and the job hung, after SIGTERM as after a normal exit.
 * <p>
 * It also records the container's mount namespace next to its pid, so that the janitor finds the
 * container's processes if the shim is killed ({@link RunProcesses}).
 */
final class ContainerEndWatch implements AutoCloseable {
    static final String MOUNT_NAMESPACE_FILE = "container.mntns";
    private static final long POLL_MS = 50;
    private static final long GRACE_MS = 200;
    private final Thread thread;
    private volatile boolean closed;

    private ContainerEndWatch(RuntimeProcess runtime, Path initPidFile) {
        this.thread = new Thread(() -> watch(runtime, initPidFile), "container-end-watch");
        thread.setDaemon(true);
    }

    static ContainerEndWatch start(RuntimeProcess runtime, Path initPidFile) {
        ContainerEndWatch w = new ContainerEndWatch(runtime, initPidFile);
        w.thread.start();
        return w;
    }

    private void watch(RuntimeProcess runtime, Path initPidFile) {
        long runtimeStart = OwnerId.of(runtime.pid()).map(OwnerId::startTicks).orElse(0L);
        Optional<OwnerId> init = Optional.empty();
        boolean ended = false;
        String namespace = null;
        try {
            while (!closed) {
                if (!ended && init.isEmpty()) {
                    long pid = readPid(initPidFile);
                    if (pid > 0) {
                        // Gone already, or the pid reused by a process older than the runtime: ended.
                        init = OwnerId.of(pid).filter(o -> o.startTicks() >= runtimeStart);
                        ended = init.isEmpty();
                        if (init.isPresent()) {
                            namespace = RunProcesses.mountNamespace(pid);
                            record(initPidFile.resolveSibling(MOUNT_NAMESPACE_FILE), namespace);
                        }
                    }
                } else if (!ended) {
                    ended = !init.get().isAlive();
                }
                if (ended) {
                    // Normally runc returns at once; the scan of /proc is for when it does not.
                    if (runtime.awaitExit(GRACE_MS)) {
                        return;
                    }
                    killLeftovers(runtime, runtimeStart, namespace);
                }
                if (runtime.awaitExit(POLL_MS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /** The runtime's descendants (the orphans it adopted) and anything else in the container. */
    private static void killLeftovers(RuntimeProcess runtime, long runtimeStart, String namespace) {
        // Still the runtime, not a process that got its pid after the shim collected it.
        if (OwnerId.of(runtime.pid()).map(o -> o.startTicks() != runtimeStart).orElse(true)) {
            return;
        }
        ProcessHandle.of(runtime.pid()).ifPresent(rt -> rt.descendants().forEach(ProcessHandle::destroyForcibly));
        if (namespace != null) {
            for (long pid : RunProcesses.inMountNamespace(namespace)) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /** The pid the runtime wrote, or 0 while there is none. */
    private static long readPid(Path pidFile) {
        try {
            if (!Files.isRegularFile(pidFile)) {
                return 0;
            }
            String text = Files.readString(pidFile).strip();
            return text.isEmpty() ? 0 : Long.parseLong(text);
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private static void record(Path file, String namespace) {
        if (namespace == null) {
            return;
        }
        try {
            Files.writeString(file, namespace);
        } catch (IOException e) {
            ShimLog.debug("container.mntns", "error", IoErrors.describe(e));
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
