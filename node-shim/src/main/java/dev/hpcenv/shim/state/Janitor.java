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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Removes what shims that died without cleaning up (SIGKILL, node OOM) left behind: every process
 * of their runs (container, runtime, FUSE daemons, tools: {@link RunProcesses}), their runtime
 * state, then mounts nobody uses, then task, pull and ephemeral-store directories. Run by the
 * killed shim's {@link Watchdog} right after its death, and at the start of every shim as the
 * backstop, under the node lock; when nothing is stale it only lists two directories.
 */
public final class Janitor {
    public static final String CONTAINER_ID_FILE = "container-id";
    private static final long RUNTIME_EXIT_SECONDS = 10;
    private static final long OWNER_EXIT_MS = 10_000;
    private static final long KILL_ROUNDS_MS = 5_000;
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

    /**
     * {@code hpcenv-shim janitor --after OWNER}: waits (up to 10 s) until that shim is gone, as its
     * watchdog saw its pipe close while the process may still be exiting, then sweeps.
     */
    public void sweepAfter(OwnerId dead) throws InterruptedException {
        long deadline = System.nanoTime() + OWNER_EXIT_MS * 1_000_000;
        long pause = 1;
        while (dead.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(pause);
            pause = Math.min(pause * 2, 50);
        }
        if (!Files.isDirectory(dirs.root())) {
            return;
        }
        try {
            // Also what has no task directory to find it by: a command run without an image, a
            // pull's tools.
            killRunProcesses(Optional.of(dead), null, null);
        } catch (IOException e) {
            ShimLog.warn(
                    "janitor",
                    "cannot stop the processes of a killed shim: " + IoErrors.describe(e),
                    "error",
                    IoErrors.describe(e));
        }
        sweep();
    }

    /** The owner named by {@code --after OWNER} in the janitor's arguments. */
    public static OwnerId ownerArgument(java.util.List<String> args) {
        if (args.size() == 2 && args.get(0).equals("--after")) {
            Optional<OwnerId> o = OwnerId.parse(args.get(1));
            if (o.isPresent()) {
                return o.get();
            }
        }
        throw dev.hpcenv.shim.error.ShimException.usage(
                "janitor takes --after PID-STARTTICKS", "it is started by the shim's watchdog, not by hand");
    }

    public void sweep() throws InterruptedException {
        try (FileLock lock = FileLock.acquire(dirs.lockFile(), () -> {})) {
            boolean staleTasks = false;
            for (Path task : deadOwners(dirs.tasks(), "")) {
                staleTasks = true;
                killRunProcesses(task);
                stopOrphanedRuntime(task.resolve(ContainerRunner.RUNTIME_PID_FILE));
                stopSurvivingContainer(task);
                Path idFile = task.resolve(CONTAINER_ID_FILE);
                if (Files.isRegularFile(idFile)) {
                    new ContainerRunner(runtime, runner)
                            .deleteIfPresent(Files.readString(idFile).strip());
                }
                TreeRemover.remove(task);
                ShimLog.debug("janitor.task", "dir", task);
            }
            if (staleTasks || hasEntries(dirs.mounts())) {
                SharedMounts.sweep(dirs, mounter);
            }
            removeJobsOfDeadSupervisors();
            for (Path p : deadOwners(scratch, "pull-")) {
                killToolsOf(p, "pull-");
                TreeRemover.remove(p);
            }
            for (Path p : deadOwners(scratch, "ephemeral-")) {
                killToolsOf(p, "ephemeral-");
                TreeRemover.remove(p);
            }
            for (Path p : deadOwners(scratch, "build-")) {
                killToolsOf(p, "build-");
                TreeRemover.remove(p);
            }
        } catch (IOException e) {
            ShimLog.warn(
                    "janitor", "cleanup of stale state failed: " + IoErrors.describe(e), "error", IoErrors.describe(e));
        }
    }

    /**
     * Kills, with SIGKILL, every process of the dead shim's run except FUSE daemons that still
     * serve mounts other live shims use (tasks of one step share them):
     * <ul>
     * <li>the helpers it started, by their mark ({@link RunProcesses});</li>
     * <li>the runtime, by its command line, which names the task directory (with the job's own
     * ids it runs as a subordinate id, whose environment the user cannot read);</li>
     * <li>the container's processes: the runtime's descendants (it adopts the container's
     * orphans) and everything in their mount namespaces or the one the shim recorded, never the
     * janitor's own.</li>
     * </ul>
     * Repeated until none is left or 5 s have passed, as a process may fork while it is killed.
     */
    private void killRunProcesses(Path task) throws IOException, InterruptedException {
        Optional<OwnerId> owner = OwnerId.parse(task.getFileName().toString());
        if (owner.isEmpty()) {
            return;
        }
        Path nsFile = task.resolve(ContainerRunner.CONTAINER_MOUNT_NAMESPACE_FILE);
        killRunProcesses(
                owner,
                task + "/",
                Files.isRegularFile(nsFile) ? Files.readString(nsFile).strip() : null);
    }

    /** For scratch entries named PREFIX + OWNER-...: the dead owner's tools (a pull's skopeo, ...). */
    private void killToolsOf(Path entry, String prefix) throws IOException, InterruptedException {
        String[] parts =
                entry.getFileName().toString().substring(prefix.length()).split("-");
        killRunProcesses(OwnerId.parse(parts[0] + "-" + parts[1]), null, null);
    }

    private void killRunProcesses(Optional<OwnerId> owner, String taskPath, String recordedNamespace)
            throws IOException, InterruptedException {
        if (owner.isEmpty()) {
            return;
        }
        List<String> liveMounts = liveMountDirs();
        String ownNamespace =
                RunProcesses.mountNamespace(ProcessHandle.current().pid());
        java.util.Set<String> namespaces = new java.util.HashSet<>();
        if (recordedNamespace != null && !recordedNamespace.isEmpty()) {
            namespaces.add(recordedNamespace);
        }
        long deadline = System.nanoTime() + KILL_ROUNDS_MS * 1_000_000;
        while (true) {
            java.util.Set<Long> victims = new java.util.LinkedHashSet<>();
            for (long pid : RunProcesses.markedBy(owner.get())) {
                String cmd = RunProcesses.commandLine(pid);
                if (liveMounts.stream().noneMatch(cmd::contains)) {
                    victims.add(pid);
                }
            }
            if (taskPath != null) {
                victims.addAll(RunProcesses.withCommandLineContaining(taskPath));
            }
            // A container's namespace is none of its runtime's or tools' (the host's, or the
            // runtime's private one): those namespaces hold other processes of the user.
            java.util.Set<String> excluded = new java.util.HashSet<>();
            excluded.add(ownNamespace);
            for (long pid : victims) {
                excluded.add(RunProcesses.mountNamespace(pid));
            }
            for (long pid : List.copyOf(victims)) {
                ProcessHandle.of(pid)
                        .ifPresent(h -> h.descendants().forEach(d -> {
                            victims.add(d.pid());
                            String ns = RunProcesses.mountNamespace(d.pid());
                            if (ns != null) {
                                namespaces.add(ns);
                            }
                        }));
            }
            namespaces.removeAll(excluded);
            for (String ns : namespaces) {
                victims.addAll(RunProcesses.inMountNamespace(ns));
            }
            if (victims.isEmpty() || System.nanoTime() > deadline) {
                return;
            }
            for (long pid : victims) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            ShimLog.debug("janitor.kill", "owner", owner.get(), "pids", victims);
            Thread.sleep(20);
        }
    }

    /** The mount directories (mounts/KEY/) that a live shim still uses. */
    private List<String> liveMountDirs() throws IOException {
        List<String> out = new java.util.ArrayList<>();
        if (!Files.isDirectory(dirs.mounts())) {
            return out;
        }
        try (Stream<Path> keys = Files.list(dirs.mounts())) {
            for (Path key : keys.toList()) {
                Path users = key.resolve("users");
                if (!Files.isDirectory(users)) {
                    continue;
                }
                try (Stream<Path> us = Files.list(users)) {
                    if (us.anyMatch(u -> OwnerId.parse(u.getFileName().toString())
                            .map(OwnerId::isAlive)
                            .orElse(false))) {
                        out.add(key + "/");
                    }
                }
            }
        }
        return out;
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
            ShimLog.warn(
                    "janitor",
                    "the runtime of a killed shim (pid " + rt.get().pid() + ") did not exit",
                    "pid",
                    rt.get().pid());
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
        if (runtime.isEmpty()
                || init.isEmpty()
                || init.get().startTicks() < runtime.get().startTicks()) {
            return;
        }
        Path proc = Path.of("/proc", Long.toString(init.get().pid()));
        try {
            if (!Files.getAttribute(proc, "unix:uid").equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"))
                    || Files.readSymbolicLink(proc.resolve("ns/user"))
                            .equals(Files.readSymbolicLink(Path.of("/proc/self/ns/user")))) {
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
            ShimLog.warn(
                    "janitor",
                    "the container of a killed shim (pid " + init.get().pid() + ") did not exit",
                    "pid",
                    init.get().pid());
        }
    }

    /**
     * A job directory (jobs/JOBID/, the services' records) whose supervisor was killed: its
     * services' shims are stopped by their own watchdogs, the records have no reader left.
     */
    private void removeJobsOfDeadSupervisors() throws IOException {
        Path jobs = dirs.root().resolve("jobs");
        if (!Files.isDirectory(jobs)) {
            return;
        }
        try (Stream<Path> s = Files.list(jobs)) {
            for (Path job : s.toList()) {
                Path owner = job.resolve("supervisor");
                if (!Files.isRegularFile(owner)) {
                    continue;
                }
                Optional<OwnerId> who = OwnerId.parse(Files.readString(owner).strip());
                if (who.isEmpty() || !who.get().isAlive()) {
                    TreeRemover.remove(job);
                    ShimLog.debug("janitor.job", "dir", job);
                }
            }
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
                    })
                    .toList();
        }
    }
}
