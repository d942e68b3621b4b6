package dev.hpcenv.shim.state;

import dev.hpcenv.shim.error.IoErrors;
import dev.hpcenv.shim.log.ShimLog;
import dev.hpcenv.shim.mount.Mounter;
import dev.hpcenv.shim.mount.SharedMounts;
import dev.hpcenv.shim.process.ProcessRunner;
import dev.hpcenv.shim.runtime.ContainerRunner;
import dev.hpcenv.shim.runtime.OciRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Removes what shims that died without cleaning up (SIGKILL, node OOM) left behind: their
 * containers (runtime delete --force kills the processes), then mounts nobody uses, then task,
 * pull and ephemeral-store directories. Runs at the start of every shim, under the node lock;
 * when nothing is stale it only lists two directories.
 */
public final class Janitor {
    public static final String CONTAINER_ID_FILE = "container-id";
    private static final long RUNTIME_EXIT_SECONDS = 10;
    private final RuntimeDirs dirs;
    private final Path scratch;
    private final OciRuntime runtime;
    private final Mounter mounter;
    private final ProcessRunner runner;

    public Janitor(RuntimeDirs dirs, Path scratch, OciRuntime runtime, Mounter mounter, ProcessRunner runner) {
        this.dirs = dirs;
        this.scratch = scratch;
        this.runtime = runtime;
        this.mounter = mounter;
        this.runner = runner;
    }

    public void sweep() throws InterruptedException {
        try (FileLock lock = FileLock.acquire(dirs.lockFile(), () -> { })) {
            boolean staleTasks = false;
            for (Path task : deadOwners(dirs.tasks(), "")) {
                staleTasks = true;
                stopOrphanedRuntime(task.resolve(ContainerRunner.RUNTIME_PID_FILE));
                stopSurvivingContainer(task);
                Path idFile = task.resolve(CONTAINER_ID_FILE);
                if (Files.isRegularFile(idFile)) {
                    new ContainerRunner(runtime, runner).deleteIfPresent(Files.readString(idFile).strip());
                }
                TreeRemover.remove(task);
                ShimLog.debug("janitor.task", "dir", task);
            }
            if (staleTasks || hasEntries(dirs.mounts())) {
                SharedMounts.sweep(dirs, mounter);
            }
            for (Path p : deadOwners(scratch, "pull-")) {
                TreeRemover.remove(p);
            }
            for (Path p : deadOwners(scratch, "ephemeral-")) {
                TreeRemover.remove(p);
            }
            for (Path p : deadOwners(scratch, "build-")) {
                TreeRemover.remove(p);
            }
        } catch (IOException e) {
            ShimLog.warn("janitor", "cleanup of stale state failed: " + IoErrors.describe(e), "error", IoErrors.describe(e));
        }
    }

    /**
     * A killed shim's runtime still waits for its container: kill the container's init (the
     * runtime's child, the job's own uid), and the runtime removes its state and exits. Needed
     * where the runtime runs as a subordinate id that the job user cannot otherwise reach.
     */
    private static void stopOrphanedRuntime(Path pidFile) throws IOException, InterruptedException {
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        Optional<OwnerId> recorded = OwnerId.parse(Files.readString(pidFile).strip());
        if (recorded.isEmpty() || !recorded.get().isAlive()) {
            return;
        }
        Optional<ProcessHandle> rt = ProcessHandle.of(recorded.get().pid());
        if (rt.isEmpty()) {
            return;
        }
        rt.get().children().forEach(ProcessHandle::destroyForcibly);
        try {
            rt.get().onExit().get(RUNTIME_EXIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            ShimLog.warn("janitor", "the runtime of a killed shim (pid " + rt.get().pid() + ") did not exit",
                    "pid", rt.get().pid());
        }
    }

    /**
     * When the runtime died with its shim (both SIGKILLed), the container's init lives on: it has a
     * session of its own, and the runtime that would have killed it is gone. Where it runs as a
     * subordinate id's namespace, the runtime's state cannot even be read from outside, so {@code
     * runtime delete} cannot find it either. Its pid is in the file the runtime wrote; it is killed
     * only while that pid is still the container's: started after the runtime, the caller's own
     * user, in another user namespace.
     */
    private static void stopSurvivingContainer(Path task) throws IOException, InterruptedException {
        Path pidFile = task.resolve(ContainerRunner.CONTAINER_PID_FILE);
        Path runtimeFile = task.resolve(ContainerRunner.RUNTIME_PID_FILE);
        if (!Files.isRegularFile(pidFile) || !Files.isRegularFile(runtimeFile)) {
            return;
        }
        Optional<OwnerId> runtime = OwnerId.parse(Files.readString(runtimeFile).strip());
        Optional<OwnerId> init;
        try {
            init = OwnerId.of(Long.parseLong(Files.readString(pidFile).strip()));
        } catch (NumberFormatException e) {
            return;
        }
        if (runtime.isEmpty() || init.isEmpty() || init.get().startTicks() < runtime.get().startTicks()) {
            return;
        }
        Path proc = Path.of("/proc", Long.toString(init.get().pid()));
        try {
            if (!Files.getAttribute(proc, "unix:uid").equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"))
                    || Files.readSymbolicLink(proc.resolve("ns/user")).equals(Files.readSymbolicLink(Path.of("/proc/self/ns/user")))) {
                return;
            }
        } catch (IOException e) {
            return;
        }
        Optional<ProcessHandle> h = ProcessHandle.of(init.get().pid());
        if (h.isEmpty() || !init.get().isAlive()) {
            return;
        }
        h.get().destroyForcibly();
        try {
            h.get().onExit().get(RUNTIME_EXIT_SECONDS, TimeUnit.SECONDS);
            ShimLog.debug("janitor.container", "pid", init.get().pid());
        } catch (ExecutionException | TimeoutException e) {
            ShimLog.warn("janitor", "the container of a killed shim (pid " + init.get().pid() + ") did not exit",
                    "pid", init.get().pid());
        }
    }

    private static boolean hasEntries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isPresent();
        }
    }

    /** Entries named PREFIX + OWNER[-...] whose owner is dead. */
    private static java.util.List<Path> deadOwners(Path dir, String prefix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return java.util.List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                String name = p.getFileName().toString();
                if (!name.startsWith(prefix)) {
                    return false;
                }
                String rest = name.substring(prefix.length());
                String[] parts = rest.split("-");
                if (parts.length < 2) {
                    return false;
                }
                Optional<OwnerId> who = OwnerId.parse(parts[0] + "-" + parts[1]);
                return who.isPresent() && !who.get().isAlive();
            }).toList();
        }
    }
}
