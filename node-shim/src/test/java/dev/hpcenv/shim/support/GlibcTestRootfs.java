package dev.hpcenv.shim.support;

import dev.hpcenv.shim.state.TreeRemover;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Small glibc images assembled offline from the host's own Debian binaries, for the tests that need
 * dynamically linked programs (hooks, MPI): a merged-/usr skeleton, programs with the libraries ldd
 * finds for them, the dynamic loader and ldconfig's cache. Packed with mksquashfs and cached under
 * /var/cache/hpcenv-test (a path every node of the local cluster sees), keyed by the inputs.
 */
public final class GlibcTestRootfs {
    public static final Path CACHE = Path.of("/var/cache/hpcenv-test");
    public static final String LIB_DIR = "/usr/lib/x86_64-linux-gnu/";

    /** Fills the skeleton made by {@link #skeleton} in {@code work}; returns the root file system. */
    @FunctionalInterface
    public interface Assembly {
        Path assemble(Path work) throws IOException, InterruptedException;
    }

    private GlibcTestRootfs() {}

    /**
     * The image {@code NAME-KEY.sqsh} in the cache, assembled and packed when absent. It is published
     * by an atomic rename, so concurrent test JVMs and a killed one never leave a half-written image.
     */
    public static Path cached(String name, String key, Assembly assembly) throws IOException, InterruptedException {
        Path image = CACHE.resolve(name + "-" + key + ".sqsh");
        if (Files.exists(image)) {
            return image;
        }
        Files.createDirectories(CACHE);
        Files.setPosixFilePermissions(CACHE, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path work = Files.createTempDirectory("hpcenv-" + name + "-");
        try {
            Path rootfs = assembly.assemble(work);
            Path tmp = CACHE.resolve(
                    "." + name + "-" + key + "." + ProcessHandle.current().pid() + ".tmp");
            Processes.runOk(
                    List.of(
                            "mksquashfs",
                            rootfs.toString(),
                            tmp.toString(),
                            "-all-root",
                            "-noappend",
                            "-quiet",
                            "-no-progress",
                            "-comp",
                            "zstd"),
                    null);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(tmp, image, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            TreeRemover.remove(work);
        }
        return image;
    }

    /** {@code work/rootfs} with the directories a container needs and Debian's merged /usr links. */
    public static Path skeleton(Path work) throws IOException {
        Path rootfs = Files.createDirectories(work.resolve("rootfs"));
        for (String d : List.of(
                "usr/bin",
                "usr/sbin",
                "usr/lib/x86_64-linux-gnu",
                "usr/lib64",
                "etc/ld.so.conf.d",
                "proc",
                "sys",
                "dev",
                "tmp",
                "root",
                "home",
                "opt",
                "run",
                "var/tmp")) {
            Files.createDirectories(rootfs.resolve(d));
        }
        for (String l : List.of("bin", "sbin", "lib", "lib64")) {
            Files.createSymbolicLink(rootfs.resolve(l), Path.of("usr/" + l));
        }
        return rootfs;
    }

    /**
     * The dynamic loader, ldconfig's configuration and cache, root's passwd and group entries, empty
     * hosts and resolv.conf (the runtime binds the node's), and {@code /etc/hpcenv-test-image} naming
     * the image. Expects {@code /usr/sbin/ldconfig} in the root file system.
     */
    public static void finish(Path rootfs, String imageName) throws IOException, InterruptedException {
        copy(Path.of("/lib64/ld-linux-x86-64.so.2"), rootfs, "/usr/lib64/ld-linux-x86-64.so.2");
        Files.writeString(rootfs.resolve("etc/ld.so.conf"), "include /etc/ld.so.conf.d/*.conf\n");
        Files.writeString(rootfs.resolve("etc/ld.so.conf.d/x86_64-linux-gnu.conf"), "/usr/lib/x86_64-linux-gnu\n");
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\n");
        Files.writeString(rootfs.resolve("etc/hosts"), "");
        Files.writeString(rootfs.resolve("etc/resolv.conf"), "");
        Files.writeString(rootfs.resolve("etc/hpcenv-test-image"), imageName + "\n");
        Processes.runOk(List.of("chroot", rootfs.toString(), "/sbin/ldconfig"), null);
    }

    /**
     * A stub shared library with {@code soname} and no real symbol, at version 0.0 below the soname
     * (never newer than the host's, so the mpi hook's ABI check passes), linked under its soname.
     */
    public static void stubLibrary(Path work, Path rootfs, String soname) throws IOException, InterruptedException {
        Path stubSrc = Files.writeString(work.resolve("stub.c"), "int hpcenv_test_stub;\n");
        Processes.runOk(
                List.of(
                        "gcc",
                        "-shared",
                        "-fPIC",
                        "-Wl,-soname," + soname,
                        "-o",
                        rootfs.resolve(LIB_DIR.substring(1) + soname + ".0.0").toString(),
                        stubSrc.toString()),
                null);
        Files.createSymbolicLink(rootfs.resolve(LIB_DIR.substring(1) + soname), Path.of(soname + ".0.0"));
    }

    /** The libraries a program or library loads, from ldd (host paths; "not found" ones skipped). */
    public static List<String> libraries(String binary) throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        ShimResult r = Processes.run(List.of("ldd", binary), null);
        for (String line : r.stdout().split("\n")) {
            int arrow = line.indexOf("=> /");
            if (arrow >= 0) {
                out.add(line.substring(arrow + 3, line.indexOf(" (", arrow)).strip());
            }
        }
        return out;
    }

    /** Copies the file {@code from} (links followed) to the absolute path {@code to} inside the rootfs. */
    public static void copy(Path from, Path rootfs, String to) throws IOException {
        Path dst = rootfs.resolve(to.substring(1));
        Files.createDirectories(dst.getParent());
        Files.copy(from.toRealPath(), dst, StandardCopyOption.REPLACE_EXISTING);
    }

    /** 16 hex digits over {@code seed} and each input's real path, size and time ("absent" if missing). */
    public static String key(String seed, List<String> inputs) throws IOException {
        StringBuilder sb = new StringBuilder(seed);
        for (String i : inputs) {
            Path p = Path.of(i);
            if (!Files.exists(p)) {
                sb.append(i).append("absent");
                continue;
            }
            p = p.toRealPath();
            sb.append(p)
                    .append(Files.size(p))
                    .append(Files.getLastModifiedTime(p).toMillis());
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
