package dev.hpcenv.shim.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

    public static final Path CACHE = GlibcTestRootfs.CACHE;
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
        List<String> inputs = new ArrayList<>(BINARIES);
        inputs.addAll(List.of("/sbin/ldconfig", compiler));
        inputs.addAll(trees);
        inputs.addAll(List.of(GlibcTestRootfs.LIB_DIR + "libmpich.so.12", GlibcTestRootfs.LIB_DIR + "libmpi.so.40"));
        cached = GlibcTestRootfs.cached(name, GlibcTestRootfs.key(SOURCE + name + "v2", inputs), this::build);
        return cached;
    }

    private Path build(Path work) throws IOException, InterruptedException {
        Path rootfs = GlibcTestRootfs.skeleton(work);
        Path src = Files.writeString(work.resolve("mpi-allreduce.c"), SOURCE);
        Path program = work.resolve("mpi-allreduce");
        Processes.runOk(List.of(compiler, "-o", program.toString(), src.toString()), null);

        Set<String> libs = new TreeSet<>();
        for (String b : BINARIES) {
            GlibcTestRootfs.copy(Path.of(b), rootfs, b);
            libs.addAll(GlibcTestRootfs.libraries(b));
        }
        GlibcTestRootfs.copy(Path.of("/sbin/ldconfig"), rootfs, "/usr/sbin/ldconfig");
        GlibcTestRootfs.copy(program, rootfs, PROGRAM);
        libs.addAll(GlibcTestRootfs.libraries(program.toString()));
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
                    libs.addAll(GlibcTestRootfs.libraries(f.toString()));
                }
            }
        }
        for (String lib : libs) {
            String file = Path.of(lib).getFileName().toString();
            if (!stubbed.contains(file)) {
                GlibcTestRootfs.copy(Path.of(lib), rootfs, GlibcTestRootfs.LIB_DIR + file);
            }
        }
        for (String soname : stubbed) {
            GlibcTestRootfs.stubLibrary(work, rootfs, soname);
        }
        GlibcTestRootfs.finish(rootfs, name);
        return rootfs;
    }
}
