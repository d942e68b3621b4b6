package dev.hpcenv.shim.hooks;

import dev.hpcenv.shim.state.TreeRemover;
import dev.hpcenv.shim.support.Processes;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A small glibc image assembled from the host's own Debian binaries (offline, seconds): sh,
 * glibc's ldconfig, fi_info WITHOUT libfabric (so it only runs with the cxi hook), an MPICH
 * program linked against a stub {@code libmpich.so.12} (so it only runs with the mpi hook), and
 * the libraries dropbear and squeue need (the hooks bind the binaries). Packed with mksquashfs and
 * cached under /var/cache/hpcenv-test, keyed by the inputs' names, sizes and times.
 */
final class HookTestImage {
    static final Path CACHE = Path.of("/var/cache/hpcenv-test");
    private static final List<String> BINARIES =
            List.of("/bin/sh", "/usr/bin/env", "/usr/bin/cat", "/usr/bin/sleep", "/usr/bin/fi_info", "/usr/bin/id");
    /** Only their libraries go into the image: the hooks bind the programs themselves. */
    private static final List<String> LIBRARIES_OF = List.of("/usr/sbin/dropbear", "/usr/bin/squeue");

    private static final String MPI_PROGRAM = """
            #include <mpi.h>
            #include <stdio.h>
            int main(int argc, char **argv) {
                int rank, size, sum;
                MPI_Init(&argc, &argv);
                MPI_Comm_rank(MPI_COMM_WORLD, &rank);
                MPI_Comm_size(MPI_COMM_WORLD, &size);
                MPI_Allreduce(&rank, &sum, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
                printf("rank %d of %d sum %d\\n", rank, size, sum);
                MPI_Finalize();
                return 0;
            }
            """;
    private static Path cached;

    private HookTestImage() {}

    static synchronized Path get() throws IOException, InterruptedException {
        if (cached != null) {
            return cached;
        }
        String key = key();
        Path image = CACHE.resolve("hooks-glibc-" + key + ".sqsh");
        if (!Files.exists(image)) {
            Files.createDirectories(CACHE);
            Files.setPosixFilePermissions(CACHE, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path work = Files.createTempDirectory("hpcenv-hooks-image-");
            try {
                Path rootfs = build(work);
                Path tmp = CACHE.resolve(
                        ".hooks-glibc-" + key + "." + ProcessHandle.current().pid() + ".tmp");
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
        }
        cached = image;
        return image;
    }

    private static Path build(Path work) throws IOException, InterruptedException {
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
        // Debian's merged /usr.
        for (String l : List.of("bin", "sbin", "lib", "lib64")) {
            Files.createSymbolicLink(rootfs.resolve(l), Path.of("usr/" + l));
        }
        Path src = Files.writeString(work.resolve("mpi-hello.c"), MPI_PROGRAM);
        Path program = work.resolve("mpi-hello");
        Processes.runOk(List.of("/usr/bin/mpicc.mpich", "-o", program.toString(), src.toString()), null);
        Path stub = work.resolve("libmpich.so.12.0.0");
        Path stubSrc = Files.writeString(work.resolve("stub.c"), "int hpcenv_test_stub_mpi;\n");
        Processes.runOk(
                List.of(
                        "gcc",
                        "-shared",
                        "-fPIC",
                        "-Wl,-soname,libmpich.so.12",
                        "-o",
                        stub.toString(),
                        stubSrc.toString()),
                null);

        Set<String> libs = new TreeSet<>();
        for (String b : BINARIES) {
            copy(Path.of(b), rootfs, b);
            libs.addAll(libraries(b));
        }
        copy(Path.of("/sbin/ldconfig"), rootfs, "/usr/sbin/ldconfig");
        copy(program, rootfs, "/usr/bin/mpi-hello");
        libs.addAll(libraries(program.toString()));
        for (String b : LIBRARIES_OF) {
            libs.addAll(libraries(b));
        }
        libs.add("/usr/lib/x86_64-linux-gnu/libresolv.so.2");
        for (String lib : libs) {
            String name = Path.of(lib).getFileName().toString();
            if (name.equals("libfabric.so.1")
                    || name.equals("libmpich.so.12")
                    || name.startsWith("libslurm")
                    || name.startsWith("libmunge")) {
                continue;
            }
            copy(Path.of(lib), rootfs, "/usr/lib/x86_64-linux-gnu/" + name);
        }
        copy(Path.of("/lib64/ld-linux-x86-64.so.2"), rootfs, "/usr/lib64/ld-linux-x86-64.so.2");
        copy(stub, rootfs, "/usr/lib/x86_64-linux-gnu/libmpich.so.12.0.0");
        Files.createSymbolicLink(
                rootfs.resolve("usr/lib/x86_64-linux-gnu/libmpich.so.12"), Path.of("libmpich.so.12.0.0"));
        Files.writeString(rootfs.resolve("etc/ld.so.conf"), "include /etc/ld.so.conf.d/*.conf\n");
        Files.writeString(rootfs.resolve("etc/ld.so.conf.d/x86_64-linux-gnu.conf"), "/usr/lib/x86_64-linux-gnu\n");
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\n");
        for (String f : List.of("etc/hosts", "etc/resolv.conf", "etc/hpcenv-test-image")) {
            Files.writeString(rootfs.resolve(f), f.endsWith("image") ? "hooks-glibc\n" : "");
        }
        Processes.runOk(List.of("chroot", rootfs.toString(), "/sbin/ldconfig"), null);
        return rootfs;
    }

    /** The libraries a program loads, from ldd (host paths). */
    private static List<String> libraries(String binary) throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        for (String line :
                Processes.runOk(List.of("ldd", binary), null).stdout().split("\n")) {
            int arrow = line.indexOf("=> /");
            if (arrow >= 0) {
                out.add(line.substring(arrow + 3, line.indexOf(" (", arrow)).strip());
            }
        }
        return out;
    }

    private static void copy(Path from, Path rootfs, String to) throws IOException {
        Path dst = rootfs.resolve(to.substring(1));
        Files.createDirectories(dst.getParent());
        Files.copy(from.toRealPath(), dst, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String key() throws IOException {
        Set<String> inputs = new LinkedHashSet<>(BINARIES);
        inputs.addAll(LIBRARIES_OF);
        inputs.addAll(List.of("/sbin/ldconfig", "/usr/bin/mpicc.mpich", "/usr/lib/x86_64-linux-gnu/libmpich.so.12"));
        StringBuilder sb = new StringBuilder(MPI_PROGRAM).append("v1");
        for (String i : inputs) {
            Path p = Path.of(i).toRealPath();
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
