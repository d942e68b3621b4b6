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
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The two MPI images of the MPI tests, assembled offline from the host's Debian packages: a glibc
 * root file system holding {@code /usr/bin/mpi-allreduce} (each rank contributes rank+1 to an
 * {@code MPI_Allreduce} and prints {@code rank=R size=N host=H sum=S}; it exits 1 when the sum is
 * not N(N+1)/2), the libraries ldd finds for it, sh and ldconfig. Packed with mksquashfs and cached
 * under /var/cache/hpcenv-test (a path every node of the local cluster sees), keyed by the inputs'
 * names, sizes and times.
 */
public enum MpiTestImage {
    /**
     * No MPI in the image: the program is built with MPICH's {@code mpicc.mpich} and the image's
     * {@code libmpich.so.12} is a stub defining no MPI symbol, so the program runs only when the
     * {@code mpi} hook binds the host MPICH over it (the MPICH ABI). What the host MPICH itself
     * loads (UCX, hwloc) is in the image, as in an image built on an MPICH-ABI base.
     */
    HOST_MPICH_ABI("mpi-host-abi", "/usr/bin/mpicc.mpich", List.of(), List.of("libmpich.so.12")),
    /**
     * The image's own Open MPI 4.1 (Debian's libopenmpi3, with its MCA components and messages)
     * and PMIx 4.2 (libpmix2, the client that reaches Slurm's PMIx server under {@code srun
     * --mpi=pmix}). Nothing of it comes from the host at run time.
     */
    OPEN_MPI(
            "mpi-openmpi",
            "/usr/bin/mpicc.openmpi",
            List.of(
                    "/usr/lib/x86_64-linux-gnu/openmpi",
                    "/usr/lib/x86_64-linux-gnu/pmix2",
                    "/etc/openmpi",
                    "/usr/share/openmpi"),
            List.of());

    public static final Path CACHE = Path.of("/var/cache/hpcenv-test");
    public static final String PROGRAM = "/usr/bin/mpi-allreduce";
    private static final List<String> BINARIES = List.of("/bin/sh", "/usr/bin/env", "/usr/bin/cat");
    private static final String SOURCE = """
            #include <mpi.h>
            #include <stdio.h>
            #include <unistd.h>
            int main(int argc, char **argv) {
                int rank, size, mine, sum;
                char host[256] = "?";
                MPI_Init(&argc, &argv);
                MPI_Comm_rank(MPI_COMM_WORLD, &rank);
                MPI_Comm_size(MPI_COMM_WORLD, &size);
                mine = rank + 1;
                MPI_Allreduce(&mine, &sum, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
                gethostname(host, sizeof host - 1);
                printf("rank=%d size=%d host=%s sum=%d\\n", rank, size, host, sum);
                fflush(stdout);
                MPI_Finalize();
                return sum == size * (size + 1) / 2 ? 0 : 1;
            }
            """;

    private final String name;
    private final String compiler;
    private final List<String> trees;
    private final List<String> stubbed;
    private Path cached;

    MpiTestImage(String name, String compiler, List<String> trees, List<String> stubbed) {
        this.name = name;
        this.compiler = compiler;
        this.trees = trees;
        this.stubbed = stubbed;
    }

    /** The compiler this image needs; tests skip loudly when it is absent (dev/install-deps.sh). */
    public String compiler() {
        return compiler;
    }

    public synchronized Path get() throws IOException, InterruptedException {
        if (cached != null) {
            return cached;
        }
        if (!Files.isExecutable(Path.of(compiler))) {
            throw new IllegalStateException(compiler + " is missing (run dev/install-deps.sh)");
        }
        String key = key();
        Path image = CACHE.resolve(name + "-" + key + ".sqsh");
        if (!Files.exists(image)) {
            Files.createDirectories(CACHE);
            Files.setPosixFilePermissions(CACHE, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path work = Files.createTempDirectory("hpcenv-" + name + "-");
            try {
                Path rootfs = build(work);
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
        }
        cached = image;
        return image;
    }

    private Path build(Path work) throws IOException, InterruptedException {
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
        Path src = Files.writeString(work.resolve("mpi-allreduce.c"), SOURCE);
        Path program = work.resolve("mpi-allreduce");
        Processes.runOk(List.of(compiler, "-o", program.toString(), src.toString()), null);

        Set<String> libs = new TreeSet<>();
        for (String b : BINARIES) {
            copy(Path.of(b), rootfs, b);
            libs.addAll(libraries(b));
        }
        copy(Path.of("/sbin/ldconfig"), rootfs, "/usr/sbin/ldconfig");
        copy(program, rootfs, PROGRAM);
        libs.addAll(libraries(program.toString()));
        for (String tree : trees) {
            Path t = Path.of(tree);
            Path dst = rootfs.resolve(tree.substring(1));
            Files.createDirectories(dst.getParent());
            Processes.runOk(List.of("cp", "-a", t.toString(), dst.toString()), null);
            try (Stream<Path> s = Files.walk(t)) {
                for (Path f : s.filter(p -> p.getFileName().toString().contains(".so")
                                && Files.isRegularFile(p)
                                && !Files.isSymbolicLink(p))
                        .toList()) {
                    libs.addAll(libraries(f.toString()));
                }
            }
        }
        for (String lib : libs) {
            String file = Path.of(lib).getFileName().toString();
            if (!stubbed.contains(file)) {
                copy(Path.of(lib), rootfs, "/usr/lib/x86_64-linux-gnu/" + file);
            }
        }
        for (String soname : stubbed) {
            // Version 0.0 below the soname: never newer than the host's, so the ABI check passes.
            Path stubSrc = Files.writeString(work.resolve("stub.c"), "int hpcenv_test_stub;\n");
            Processes.runOk(
                    List.of(
                            "gcc",
                            "-shared",
                            "-fPIC",
                            "-Wl,-soname," + soname,
                            "-o",
                            rootfs.resolve("usr/lib/x86_64-linux-gnu/" + soname + ".0.0")
                                    .toString(),
                            stubSrc.toString()),
                    null);
            Files.createSymbolicLink(rootfs.resolve("usr/lib/x86_64-linux-gnu/" + soname), Path.of(soname + ".0.0"));
        }
        copy(Path.of("/lib64/ld-linux-x86-64.so.2"), rootfs, "/usr/lib64/ld-linux-x86-64.so.2");
        Files.writeString(rootfs.resolve("etc/ld.so.conf"), "include /etc/ld.so.conf.d/*.conf\n");
        Files.writeString(rootfs.resolve("etc/ld.so.conf.d/x86_64-linux-gnu.conf"), "/usr/lib/x86_64-linux-gnu\n");
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\n");
        for (String f : List.of("etc/hosts", "etc/resolv.conf")) {
            Files.writeString(rootfs.resolve(f), "");
        }
        Files.writeString(rootfs.resolve("etc/hpcenv-test-image"), name + "\n");
        Processes.runOk(List.of("chroot", rootfs.toString(), "/sbin/ldconfig"), null);
        return rootfs;
    }

    /** The libraries a program or library loads, from ldd (host paths; "not found" ones skipped). */
    private static List<String> libraries(String binary) throws IOException, InterruptedException {
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

    private static void copy(Path from, Path rootfs, String to) throws IOException {
        Path dst = rootfs.resolve(to.substring(1));
        Files.createDirectories(dst.getParent());
        Files.copy(from.toRealPath(), dst, StandardCopyOption.REPLACE_EXISTING);
    }

    private String key() throws IOException {
        List<String> inputs = new ArrayList<>(BINARIES);
        inputs.addAll(List.of("/sbin/ldconfig", compiler));
        inputs.addAll(trees);
        inputs.addAll(List.of("/usr/lib/x86_64-linux-gnu/libmpich.so.12", "/usr/lib/x86_64-linux-gnu/libmpi.so.40"));
        StringBuilder sb = new StringBuilder(SOURCE).append(name).append("v1");
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
