package dev.hpcenv.shim.support;

import dev.hpcenv.shim.mount.MountTable;
import dev.hpcenv.shim.state.TreeRemover;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One test's node: a site configuration with its own image store, runtime and temp directories,
 * owned by the user the shim runs as (root or the test user).
 */
public final class ShimSite implements AutoCloseable {
    public final ShimTestEnv env;
    public final boolean asUser;
    public final Path dir;
    public final Path config;
    public final Path store;
    public final Path runtimeDir;
    public final Path tempDir;
    public final Map<String, String> extraEnv = new LinkedHashMap<>();
    /** Run through the repository's launcher (its locale and JVM options) instead of {@code java -cp}. */
    public boolean viaLauncher;

    /** Runtime and temp directories are the node's own /tmp, not under {@link #dir}. */
    public final boolean nodeLocalState;

    private final List<Process> started = new ArrayList<>();

    private ShimSite(ShimTestEnv env, boolean asUser, Path dir, boolean nodeLocalState) {
        this.env = env;
        this.asUser = asUser;
        this.dir = dir;
        this.nodeLocalState = nodeLocalState;
        this.config = dir.resolve("shim.toml");
        this.store = dir.resolve("store");
        this.runtimeDir = nodeLocalState ? Path.of("/tmp") : dir.resolve("rt");
        this.tempDir = nodeLocalState ? Path.of("/tmp") : dir.resolve("tmp");
    }

    public static ShimSite create(ShimTestEnv env, boolean asUser, String extraToml)
            throws IOException, InterruptedException {
        return create(env, asUser, extraToml, env.base, false);
    }

    /**
     * A site under {@code parent}. With {@code nodeLocalState} its runtime and temp directories are
     * /tmp, which each node of a multi-node cluster has privately (mounts and runtime state are
     * node-local, as on a real site), while configuration, store and work files stay in
     * {@code parent}, the cluster's shared directory; {@link #leftovers()} then sees only those.
     */
    public static ShimSite create(
            ShimTestEnv env, boolean asUser, String extraToml, Path parent, boolean nodeLocalState)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(parent, asUser ? "site-user-" : "site-root-");
        ShimSite site = new ShimSite(env, asUser, dir, nodeLocalState);
        for (Path p : List.of(site.store, site.runtimeDir, site.tempDir, dir.resolve("work"))) {
            Files.createDirectories(p);
        }
        Files.writeString(
                site.config,
                "image_store = \"" + site.store + "\"\nruntime = \"runc\"\n"
                        + "insecure_registries = [\"" + env.registry.address() + "\"]\nruntime_dir = \""
                        + site.runtimeDir
                        + "\"\ntemp_dir = \"" + site.tempDir + "\"\n" + (extraToml == null ? "" : extraToml));
        Processes.runOk(List.of("chmod", "-R", "a+rX", dir.toString()), null);
        if (asUser) {
            Processes.runOk(List.of("chown", "-R", env.user + ":", dir.toString()), null);
        }
        return site;
    }

    /** A directory for test files, owned by the shim's user. */
    public Path work() {
        return dir.resolve("work");
    }

    public List<String> command(List<String> shimArgs) {
        List<String> cmd = new ArrayList<>();
        if (asUser) {
            cmd.addAll(List.of("runuser", "-u", env.user, "--"));
        }
        cmd.add("env");
        cmd.add("-i");
        cmd.add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        cmd.add("HOME=" + (asUser ? "/home/" + env.user : "/root"));
        cmd.add("HPCENV_SHIM_CONFIG=" + config);
        extraEnv.forEach((k, v) -> cmd.add(k + "=" + v));
        if (viaLauncher) {
            try {
                cmd.add(env.launcher().toString());
            } catch (IOException | InterruptedException e) {
                throw new AssertionError("cannot install the launcher", e);
            }
        } else {
            cmd.addAll(List.of(
                    "java",
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-XX:-UsePerfData",
                    "-Xshare:auto",
                    "-cp",
                    env.classPath,
                    "dev.hpcenv.shim.cli.ShimCli"));
        }
        cmd.addAll(shimArgs);
        return cmd;
    }

    public ShimResult run(String... shimArgs) throws IOException, InterruptedException {
        return Processes.run(command(List.of(shimArgs)), work());
    }

    /** Starts the shim without waiting; its output goes to files under the site. */
    public Process start(String name, String... shimArgs) throws IOException {
        Process p = new ProcessBuilder(command(List.of(shimArgs)))
                .directory(work().toFile())
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile())
                .start();
        started.add(p);
        return p;
    }

    public String output(String name) throws IOException {
        return Files.readString(dir.resolve(name + ".out")) + Files.readString(dir.resolve(name + ".err"));
    }

    /** Writes a resolved-environment JSON into the work directory, readable by the shim's user. */
    public Path spec(String name, String json) throws IOException, InterruptedException {
        Path f = work().resolve(name + ".json");
        Files.writeString(f, json);
        own(f);
        return f;
    }

    public void own(Path p) throws IOException, InterruptedException {
        if (asUser) {
            Processes.runOk(List.of("chown", "-R", env.user + ":", p.toString()), null);
        }
    }

    /** The per-user runtime directory the shim uses under this site. */
    public Path userRuntime() {
        return runtimeDir.resolve("hpcenv-shim-" + (asUser ? env.userUid : 0));
    }

    /** Mount points under this site, as this (root) test process sees them. */
    public List<Path> mounts() {
        return MountTable.under(dir);
    }

    /** Everything a finished shim must not leave: mounts, task and mount dirs, runtime state, pull dirs. */
    public List<String> leftovers() throws IOException {
        List<String> out = new ArrayList<>();
        mounts().forEach(m -> out.add("mount " + m));
        out.addAll(list(store.resolve("tmp")));
        if (nodeLocalState) {
            return out;
        }
        Path rt = userRuntime();
        for (String sub : List.of("tasks", "mounts", "runc", "jobs")) {
            out.addAll(list(rt.resolve(sub)));
        }
        Path scratch = tempDir.resolve("hpcenv-shim-" + (asUser ? env.userUid : 0));
        out.addAll(list(scratch));
        return out;
    }

    private static List<String> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(Path::toString).toList();
        }
    }

    /**
     * Stops what a failed test left running: each shim gets SIGTERM (it relays it and cleans up),
     * then whatever is still there after a deadline is killed.
     */
    private void stopStarted() throws InterruptedException {
        for (Process p : started) {
            if (p.isAlive()) {
                ProcessHandle jvm = Stream.concat(Stream.of(p.toHandle()), p.descendants())
                        .filter(h ->
                                h.info().command().map(c -> c.endsWith("/java")).orElse(false))
                        .findFirst()
                        .orElse(p.toHandle());
                try {
                    Processes.run(List.of("kill", "-s", "TERM", Long.toString(jvm.pid())), null);
                } catch (IOException e) {
                    p.destroy();
                }
            }
        }
        for (Process p : started) {
            if (!p.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stopStarted();
        for (Path m : mounts()) {
            Processes.run(List.of("umount", "-l", m.toString()), null);
        }
        TreeRemover.remove(dir);
    }
}
