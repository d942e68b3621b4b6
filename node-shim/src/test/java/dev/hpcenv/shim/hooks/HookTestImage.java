package dev.hpcenv.shim.hooks;

import dev.hpcenv.shim.support.GlibcTestRootfs;
import dev.hpcenv.shim.support.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    static final Path CACHE = GlibcTestRootfs.CACHE;
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
        List<String> inputs = new ArrayList<>(BINARIES);
        inputs.addAll(LIBRARIES_OF);
        inputs.addAll(List.of("/sbin/ldconfig", "/usr/bin/mpicc.mpich", GlibcTestRootfs.LIB_DIR + "libmpich.so.12"));
        cached = GlibcTestRootfs.cached(
                "hooks-glibc", GlibcTestRootfs.key(MPI_PROGRAM + "v2", inputs), HookTestImage::build);
        return cached;
    }

    private static Path build(Path work) throws IOException, InterruptedException {
        Path rootfs = GlibcTestRootfs.skeleton(work);
        Path src = Files.writeString(work.resolve("mpi-hello.c"), MPI_PROGRAM);
        Path program = work.resolve("mpi-hello");
        Processes.runOk(List.of("/usr/bin/mpicc.mpich", "-o", program.toString(), src.toString()), null);

        Set<String> libs = new TreeSet<>();
        for (String b : BINARIES) {
            GlibcTestRootfs.copy(Path.of(b), rootfs, b);
            libs.addAll(GlibcTestRootfs.libraries(b));
        }
        GlibcTestRootfs.copy(Path.of("/sbin/ldconfig"), rootfs, "/usr/sbin/ldconfig");
        GlibcTestRootfs.copy(program, rootfs, "/usr/bin/mpi-hello");
        libs.addAll(GlibcTestRootfs.libraries(program.toString()));
        for (String b : LIBRARIES_OF) {
            libs.addAll(GlibcTestRootfs.libraries(b));
        }
        libs.add(GlibcTestRootfs.LIB_DIR + "libresolv.so.2");
        for (String lib : libs) {
            String name = Path.of(lib).getFileName().toString();
            if (name.equals("libfabric.so.1")
                    || name.equals("libmpich.so.12")
                    || name.startsWith("libslurm")
                    || name.startsWith("libmunge")) {
                continue;
            }
            GlibcTestRootfs.copy(Path.of(lib), rootfs, GlibcTestRootfs.LIB_DIR + name);
        }
        GlibcTestRootfs.stubLibrary(work, rootfs, "libmpich.so.12");
        GlibcTestRootfs.finish(rootfs, "hooks-glibc");
        return rootfs;
    }
}
