package dev.hpcenv.shim.support;

import dev.hpcenv.shim.state.TreeRemover;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * What the integration tests share, built once per test run: a world-readable copy of the
 * shim's class path (the unprivileged user cannot read root's ~/.m2), the test user, and a
 * registry with a busybox image. Closed (registry stopped, files removed) when the run ends.
 */
public final class ShimTestEnv implements AutoCloseable {
    private static ShimTestEnv instance;

    public final Path base;
    public final String classPath;
    public final String user;
    public final long userUid;
    public final TestRegistry registry;
    public final String busyboxRef;

    private ShimTestEnv(
            Path base, String classPath, String user, long userUid, TestRegistry registry, String busyboxRef) {
        this.base = base;
        this.classPath = classPath;
        this.user = user;
        this.userUid = userUid;
        this.registry = registry;
        this.busyboxRef = busyboxRef;
    }

    /**
     * The repository's own launcher ({@code bin/hpcenv-shim}, which sets up the JVM's locale and
     * options) in an install tree of this run's classes that any user can run (srun starts it as
     * the job user).
     */
    public synchronized Path launcher() throws IOException, InterruptedException {
        return launcherIn(base.resolve("install"));
    }

    /**
     * The same install tree under {@code top}: the nodes of a multi-node cluster have a private
     * /tmp and see only the cluster's shared directory.
     */
    public synchronized Path launcherIn(Path top) throws IOException, InterruptedException {
        Path l = top.resolve("bin/hpcenv-shim");
        if (!Files.exists(l)) {
            Path root = Path.of(System.getProperty("hpcenv.root", ".."))
                    .toAbsolutePath()
                    .normalize();
            ShimJarAssembler.assemble(
                    Files.createDirectories(top.resolve("lib/hpcenv-shim")), Path.of("target/classes"));
            Files.createDirectories(l.getParent());
            Files.copy(root.resolve("bin/hpcenv-shim"), l);
            Processes.runOk(List.of("chmod", "-R", "a+rX", top.toString()), null);
            Files.setPosixFilePermissions(l, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return l;
    }

    /** The shared environment (JUnit closes it through the root store; see {@link ShimIntegration}). */
    public static synchronized ShimTestEnv get() throws IOException, InterruptedException {
        TestLayer.requireIntegration("the shim's test environment (test user, registry)");
        if (instance == null) {
            instance = create();
        }
        return instance;
    }

    private static ShimTestEnv create() throws IOException, InterruptedException {
        Path base = Files.createTempDirectory(
                Path.of("/tmp"),
                "hpcenv-shim-it-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        String cp = copyClassPath(base.resolve("cp"));
        Path root = Path.of(System.getProperty("hpcenv.root", ".."))
                .toAbsolutePath()
                .normalize();
        String user = Processes.runOk(
                        List.of(root.resolve("dev/ensure-test-user.sh").toString()), null)
                .stdout()
                .strip();
        long uid = Long.parseLong(
                Processes.runOk(List.of("id", "-u", user), null).stdout().strip());
        TestRegistry registry = TestRegistry.start(base.resolve("registry"));
        try {
            String ref = registry.pushBusybox(base.resolve("images"), "busybox", "1", null);
            return new ShimTestEnv(base, cp, user, uid, registry, ref);
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            registry.close();
            throw e;
        }
    }

    /** A group the test user belongs to as a supplementary group (dev/ensure-test-user.sh makes it). */
    public String supplementaryGroup() {
        return "hpcenv-test-grp";
    }

    private static String copyClassPath(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path src = Path.of(entry);
            if (!Files.exists(src)
                    || entry.contains("junit")
                    || entry.contains("assertj")
                    || entry.contains("surefire")
                    || entry.contains("opentest4j")
                    || entry.contains("apiguardian")
                    || entry.endsWith("test-classes")
                    // The cluster ITs' Slurm client (LocalCluster) is the test's, not the shim's.
                    || entry.contains("slurm-bridge")
                    || entry.contains("okhttp")
                    || entry.contains("okio")
                    || entry.contains("kotlin")) {
                continue;
            }
            Path dst = dir.resolve((i++) + "-" + src.getFileName());
            if (Files.isDirectory(src)) {
                Processes.runOk(List.of("cp", "-a", src.toString(), dst.toString()), null);
            } else {
                Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING);
            }
            entries.add(dst.toString());
        }
        Processes.runOk(List.of("chmod", "-R", "a+rX", dir.toString()), null);
        return String.join(File.pathSeparator, entries);
    }

    @Override
    public synchronized void close() throws IOException {
        registry.close();
        TreeRemover.remove(base);
        instance = null;
    }
}
