package dev.hpcenv.shim.run;

import dev.hpcenv.model.Mount;
import dev.hpcenv.model.MountType;
import dev.hpcenv.model.ResolvedEnvironment;
import dev.hpcenv.shim.bundle.ArgsResolver;
import dev.hpcenv.shim.bundle.BundleDraft;
import dev.hpcenv.shim.bundle.BundleExtension;
import dev.hpcenv.shim.bundle.BundleWriter;
import dev.hpcenv.shim.bundle.CommandLocator;
import dev.hpcenv.shim.bundle.EnvComposer;
import dev.hpcenv.shim.bundle.MountPlanner;
import dev.hpcenv.shim.bundle.MountPolicy;
import dev.hpcenv.shim.bundle.OciMount;
import dev.hpcenv.shim.bundle.RootfsPaths;
import dev.hpcenv.shim.bundle.UserDatabase;
import dev.hpcenv.shim.devices.ContainerDevices;
import dev.hpcenv.shim.devices.DeviceEdits;
import dev.hpcenv.shim.devices.DevicePlan;
import dev.hpcenv.shim.error.ExitCode;
import dev.hpcenv.shim.error.IoErrors;
import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.error.StorageFull;
import dev.hpcenv.shim.image.SquashfsImage;
import dev.hpcenv.shim.log.ShimLog;
import dev.hpcenv.shim.mount.SharedMounts;
import dev.hpcenv.shim.runtime.ContainerRunner;
import dev.hpcenv.shim.runtime.SignalRelay;
import dev.hpcenv.shim.spec.PendingEnvironment;
import dev.hpcenv.shim.spec.SpecLoader;
import dev.hpcenv.shim.state.Janitor;
import dev.hpcenv.shim.state.TreeRemover;
import dev.hpcenv.shim.state.Watchdog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code hpcenv-shim run}: environment -> image -> shared mounts -> bundle -> runtime, and back
 * out again. Every resource is registered before it is created, so the finally block (or, after
 * SIGKILL, the next shim's janitor) can remove it.
 */
public final class RunCommand {
    /** Mount points the bundle always uses; read-only images without them get an overlay. */
    private static final List<String> BASE_TARGETS =
            List.of("/proc", "/sys", "/dev", "/tmp", "/etc/passwd", "/etc/group", "/etc/hosts", "/etc/resolv.conf");

    private final ShimContext ctx;
    private final BundleExtension extension;
    private final SignalRelay relay;
    private final StartGate gate;

    public RunCommand(ShimContext ctx, BundleExtension extension, SignalRelay relay) {
        this(ctx, extension, relay, StartGate.OPEN);
    }

    /** @param gate waited for right before the command starts (the node's services, docs/workflows.md) */
    public RunCommand(ShimContext ctx, BundleExtension extension, SignalRelay relay, StartGate gate) {
        this.ctx = ctx;
        this.extension = extension;
        this.relay = relay;
        this.gate = gate;
    }

    public int run(RunRequest req) throws InterruptedException {
        try {
            ctx.dirs.create();
        } catch (IOException e) {
            if (StorageFull.says(e)) {
                throw StorageFull.error("preparing the container", runtimePlace(), e.getMessage());
            }
            throw ShimException.usage(
                    "runtime_dir " + ctx.config.runtimeDir() + " is not usable: " + IoErrors.describe(e),
                    "set runtime_dir in the site configuration to node-local, writable space");
        }
        ShimLog.phase("start");
        Watchdog watchdog = Watchdog.arm(ctx.owner);
        try {
            return runArmed(req);
        } finally {
            if (watchdog != null) {
                watchdog.close();
            }
        }
    }

    private int runArmed(RunRequest req) throws InterruptedException {
        ctx.janitor().sweep();
        ShimLog.phase("janitor");
        PendingEnvironment pending = new SpecLoader(ctx.processEnv, ctx.workingDirectory).loadPending(req.source());
        ResolvedEnvironment imageFields = pending.image();
        ShimLog.phase("spec");
        if (HostRun.applies(imageFields)) {
            gate.await();
            return new HostRun(ctx.processEnv, ctx.workingDirectory, ctx.runner, ctx.preservedFds(), ctx.dirs.root())
                    .run(pending.rest(Map.of(), imageFields), req, relay);
        }

        Path task = ctx.dirs.task(ctx.owner);
        String containerId = "hpcenv-" + ctx.owner;
        SharedMounts shared = new SharedMounts(ctx.dirs, ctx.mounter(), ctx.owner);
        ContainerRunner container = new ContainerRunner(ctx.runtime(), ctx.runner);
        try {
            Files.createDirectories(task);
            Files.writeString(task.resolve(Janitor.CONTAINER_ID_FILE), containerId);
            SquashfsImage image = new ImageProvider(ctx).provide(imageFields);
            ShimLog.phase("image");
            // Which stored image this task runs: with a store shared by many nodes, the one fact that
            // shows every task got the same bytes (debug only: the warm path prints nothing).
            ShimLog.debug("run.image", "digest", image.digest(), "path", image.path());
            // The image's own Env is a source for ${VAR} (the CE: host and image, the image winning).
            ResolvedEnvironment env = pending.rest(image.config().variables(), imageFields);
            // The sources as resolved and checked are what the container gets.
            env.setMounts(MountPlanner.checkSources(
                    env.getMounts(),
                    new MountPolicy(
                            ctx.config.mountDeny(),
                            ctx.config.source().map(Path::toString).orElse(""))));
            // Devices are checked before anything more is mounted: a wrong name costs no mount.
            DevicePlan devices = env.getDevices().isEmpty()
                    ? DevicePlan.NONE
                    : ContainerDevices.resolver(ctx.config)
                            .resolve(ContainerDevices.requests(
                                    env.getDevices(), pending.deviceOrigins(), "the environment"));
            BundleDraft draft = prepare(env, image, req, shared, task);
            if (!devices.edits().isEmpty()) {
                new DeviceEdits(ctx.config.hooks().timeoutSeconds()).apply(devices, draft);
            }
            // Extensions (hooks) see the image itself as draft.rootfs; their mount targets and a
            // cleared readonlyRoot then decide whether the container needs a writable layer.
            Path lower = draft.rootfs;
            extension.apply(env, draft);
            draft.rootfs = rootfs(env, lower, draft, shared);
            ShimLog.phase("mounts");
            Path bundle = task.resolve("bundle");
            new BundleWriter().write(draft, bundle);
            ShimLog.phase("bundle");
            // The image is pulled and mounted meanwhile: only the container's start waits.
            gate.await();
            ShimLog.phase("services-ready");
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            return container.run(bundle, task.resolve("runtime.log"), containerId, ctx.processEnv, relay);
        } catch (IOException e) {
            if (StorageFull.says(e)) {
                throw StorageFull.error("preparing the container", runtimePlace(), e.getMessage());
            }
            throw ShimException.environment(
                    "cannot prepare the container in " + task + ": " + IoErrors.describe(e), null);
        } finally {
            relay.shield();
            boolean interrupted = Thread.interrupted();
            ShimLog.phase("container-exited");
            cleanup(container, containerId, shared, task);
            ShimLog.phase("cleaned-up");
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private StorageFull.Place runtimePlace() {
        return new StorageFull.Place(
                "runtime directory (runtime_dir)",
                ctx.config.runtimeDir(),
                "free space there, or"
                        + " set runtime_dir in the site configuration to node-local space with room (a tmpfs such as /dev/shm)");
    }

    private BundleDraft prepare(
            ResolvedEnvironment env, SquashfsImage image, RunRequest req, SharedMounts shared, Path task)
            throws InterruptedException, IOException {
        Path lower = shared.acquireSquashfs(image.path());
        BundleDraft d = new BundleDraft();
        d.identity = ctx.identity;
        d.env.putAll(EnvComposer.compose(
                ctx.processEnv, image.config().variables(), env.getEnv(), env.getUnsetEnv(), req.env()));
        d.args.addAll(ArgsResolver.resolve(req.command(), env.isEntrypoint(), image.config()));
        d.cwd = firstNonBlank(req.workdir(), env.getWorkdir(), image.config().workingDir(), "/");
        if (!d.cwd.startsWith("/")) {
            throw ShimException.usage("workdir '" + d.cwd + "' must be an absolute path in the container", null);
        }
        if (!new CommandLocator(lower, env.getMounts()).exists(d.args.get(0), d.env.get("PATH"))) {
            throw new ShimException(
                    ExitCode.COMMAND_NOT_FOUND,
                    "command '" + d.args.get(0) + "' not found in image " + env.getImage() + " (PATH="
                            + d.env.getOrDefault("PATH", "") + ")",
                    null);
        }

        d.rootfs = lower;
        d.readonlyRoot = !env.isWritable();

        d.mounts.addAll(systemMounts(lower, task));
        for (Mount m : env.getMounts()) {
            if (m.getType() == MountType.SQUASHFS) {
                Path data = shared.acquireSquashfs(Path.of(m.getSource()));
                d.mounts.add(OciMount.bind(data.toString(), m.getTarget(), List.of("rbind", "ro", "nosuid", "nodev")));
            } else {
                d.mounts.add(OciMount.bind(m.getSource(), m.getTarget(), MountPlanner.bindOptions(m.getFlags())));
            }
        }
        env.getAnnotations().forEach((k, v) -> {
            // Runtime-interpreted and shim-owned keys are not the user's to set.
            if (!k.startsWith("run.oci.") && !k.startsWith("org.hpcenv.")) {
                d.annotations.put(k, v);
            }
        });
        if (image.digest() != null) {
            d.annotations.put("org.hpcenv.image.digest", image.digest());
        }
        d.annotations.put("org.hpcenv.writable", Boolean.toString(env.isWritable()));
        return d;
    }

    /**
     * The image mount itself when the environment is read-only and has every mount point, else a
     * writable layer on it: tasks of one step share one, as in the CE; outside Slurm each run has
     * its own. A read-only environment on an overlay still gets {@code root.readonly}.
     */
    private Path rootfs(ResolvedEnvironment env, Path lower, BundleDraft draft, SharedMounts shared)
            throws InterruptedException {
        List<String> targets = new ArrayList<>(BASE_TARGETS);
        targets.addAll(targetsOf(env));
        draft.mounts.forEach(m -> targets.add(m.destination()));
        targets.add(draft.cwd);
        boolean missingTargets = targets.stream().anyMatch(t -> !RootfsPaths.exists(lower, t));
        if (!env.isWritable() && draft.readonlyRoot && !missingTargets) {
            return lower;
        }
        String job = ctx.processEnv.get("SLURM_JOB_ID");
        String step = ctx.processEnv.get("SLURM_STEP_ID");
        String scope = job != null && step != null ? "step-" + job + "." + step : "run-" + ctx.owner;
        int uid = ctx.identity.rootless() ? (int) ctx.identity.hostUid() : -1;
        int gid = ctx.identity.rootless() ? (int) ctx.identity.hostGid() : -1;
        return shared.acquireOverlay(lower, scope, uid, gid);
    }

    /** /proc, /sys, /dev and /tmp as in the rootless recipe, the host's name resolution, and users. */
    private List<OciMount> systemMounts(Path lower, Path task) throws IOException {
        Path passwd = task.resolve("passwd");
        Path group = task.resolve("group");
        Files.writeString(passwd, UserDatabase.passwd(UserDatabase.readImageFile(lower, "etc/passwd"), ctx.identity));
        Files.writeString(group, UserDatabase.group(UserDatabase.readImageFile(lower, "etc/group"), ctx.identity));
        return List.of(
                OciMount.bind("/proc", "/proc", List.of("rbind", "nosuid", "nodev", "noexec")),
                OciMount.bind("/sys", "/sys", List.of("rbind", "ro", "nosuid", "nodev", "noexec")),
                OciMount.bind("/dev", "/dev", List.of("rbind", "nosuid")),
                new OciMount("/tmp", "tmpfs", "tmpfs", List.of("nosuid", "nodev", "mode=1777")),
                OciMount.bind("/etc/hosts", "/etc/hosts", List.of("bind", "ro", "nosuid", "nodev")),
                OciMount.bind("/etc/resolv.conf", "/etc/resolv.conf", List.of("bind", "ro", "nosuid", "nodev")),
                OciMount.bind(passwd.toString(), "/etc/passwd", List.of("bind", "ro", "nosuid", "nodev")),
                OciMount.bind(group.toString(), "/etc/group", List.of("bind", "ro", "nosuid", "nodev")));
    }

    private void cleanup(ContainerRunner container, String containerId, SharedMounts shared, Path task) {
        try {
            container.deleteIfPresent(containerId);
            shared.releaseAll();
            TreeRemover.remove(task);
            ctx.removeEphemeralStore();
        } catch (IOException | InterruptedException | RuntimeException e) {
            ShimLog.warn(
                    "cleanup",
                    "cleanup incomplete (" + e.getMessage() + "); the next run removes the rest",
                    "error",
                    String.valueOf(e.getMessage()));
        }
    }

    private static List<String> targetsOf(ResolvedEnvironment env) {
        return env.getMounts().stream().map(Mount::getTarget).toList();
    }

    static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return "/";
    }
}
