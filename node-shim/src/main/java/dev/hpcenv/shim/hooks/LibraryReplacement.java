package dev.hpcenv.shim.hooks;

import dev.hpcenv.shim.bundle.BundleDraft;
import dev.hpcenv.shim.bundle.HookStage;
import dev.hpcenv.shim.bundle.OciHook;
import dev.hpcenv.shim.bundle.OciMount;
import dev.hpcenv.shim.bundle.RootfsPaths;
import dev.hpcenv.shim.error.ShimException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Host libraries in place of the image's (CXI's libfabric, the host MPI): each is bound into the
 * hook's own directory, listed first by an ld.so.conf.d drop-in, and over every copy of the same
 * file name in the image's library directories; then the image's own glibc {@code ldconfig}
 * refreshes the cache when the container starts. The root stays writable for that (the writable
 * layer is private to the job step).
 */
final class LibraryReplacement {
    static final List<String> IMAGE_LIB_DIRS = List.of(
            "/lib",
            "/lib64",
            "/usr/lib",
            "/usr/lib64",
            "/lib/x86_64-linux-gnu",
            "/usr/lib/x86_64-linux-gnu",
            "/lib/aarch64-linux-gnu",
            "/usr/lib/aarch64-linux-gnu",
            "/usr/local/lib",
            "/usr/local/lib64");
    static final String LDCONFIG = "/sbin/ldconfig";

    private LibraryReplacement() {}

    static String libDir(String hook) {
        return "/opt/hpcenv/hooks/" + hook + "/lib";
    }

    static void apply(HookInput in, BundleDraft draft) throws IOException {
        List<String> libraries = in.settings().libraries();
        if (libraries.isEmpty()) {
            return;
        }
        requireGlibc(in);
        String dir = libDir(in.name());
        for (String lib : libraries) {
            Path host = Path.of(lib);
            if (!Files.isReadable(host)) {
                throw ShimException.usage(
                        "hook " + in.name() + ": library " + lib + " (hooks." + in.name()
                                + ".libraries) is not on this node",
                        "install it or correct the site configuration");
            }
            String file = host.getFileName().toString();
            draft.mounts.add(OciMount.bind(lib, dir + "/" + file, SiteEdits.BIND_OPTIONS));
            // Once per file the image really has (/lib is often a link to /usr/lib), over the file itself.
            java.util.Set<Path> replaced = new java.util.LinkedHashSet<>();
            for (String d : IMAGE_LIB_DIRS) {
                RootfsPaths.resolve(in.image(), d + "/" + file)
                        .filter(replaced::add)
                        .ifPresent(p -> draft.mounts.add(
                                OciMount.bind(lib, "/" + in.image().relativize(p), SiteEdits.BIND_OPTIONS)));
            }
        }
        Path dropIn = in.workDir().resolve(in.name() + ".ld.so.conf");
        Files.writeString(dropIn, dir + "\n");
        // "00-" sorts before the distribution's own drop-ins, so these directories are searched first.
        draft.mounts.add(OciMount.bind(
                dropIn.toString(),
                "/etc/ld.so.conf.d/00-hpcenv-" + in.name() + ".conf",
                List.of("bind", "ro", "nosuid", "nodev")));
        addLdconfig(in, draft);
    }

    /**
     * One cache refresh per writable layer, inside the container (the image's ldconfig), however
     * many hooks need it. The tasks of a Slurm step on a node share one layer, and two ldconfig
     * runs there race on {@code /etc/ld.so.cache~}; so only local task 0 refreshes. The others may
     * start before it has, on the old cache, which is safe: the host libraries are bound over the
     * image's files of the same name, and the site's LD_LIBRARY_PATH lists the hook directories.
     */
    static void addLdconfig(HookInput in, BundleDraft draft) {
        draft.readonlyRoot = false;
        String local = in.processEnv().get("SLURM_LOCALID");
        if (local != null && !local.equals("0")) {
            return;
        }
        List<OciHook> start = draft.hooks.getOrDefault(HookStage.startContainer, List.of());
        if (start.stream().noneMatch(h -> h.path().equals(LDCONFIG))) {
            draft.addHook(
                    HookStage.startContainer,
                    new OciHook(LDCONFIG, List.of("ldconfig"), List.of(), in.timeoutSeconds()));
        }
    }

    static void requireGlibc(HookInput in) {
        Optional<String> missing = !RootfsPaths.exists(in.image(), LDCONFIG)
                ? Optional.of("no " + LDCONFIG)
                : IMAGE_LIB_DIRS.stream().noneMatch(d -> RootfsPaths.exists(in.image(), d + "/libc.so.6"))
                        ? Optional.of("no glibc (libc.so.6)")
                        : Optional.empty();
        missing.ifPresent(m -> {
            throw ShimException.environment(
                    "hook " + in.name() + " replaces libraries and refreshes the linker cache with"
                            + " glibc's ldconfig, but the image has " + m + " (a musl image such as Alpine?)",
                    "set annotation " + in.switchAnnotation() + " = \"false\" in the environment to run without it");
        });
    }
}
