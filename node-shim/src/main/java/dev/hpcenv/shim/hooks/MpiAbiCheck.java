package dev.hpcenv.shim.hooks;

import dev.hpcenv.shim.bundle.BundleDraft;
import dev.hpcenv.shim.bundle.RootfsPaths;
import dev.hpcenv.shim.error.ShimException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The host MPI may replace the image's only when both speak the same ABI: the image must have the
 * library under the same soname ({@code libmpi.so.12}, the MPICH ABI), and the host's version
 * must be at least the image's within that major version (Sarus's "major/minor" rule: a newer
 * host library keeps the symbols an older one had).
 */
final class MpiAbiCheck implements HookPreparation {
    private static final Pattern VERSIONED = Pattern.compile("^(.+\\.so\\.\\d+)((?:\\.\\d+)*)$");

    @Override
    public void prepare(HookInput in, BundleDraft draft) throws IOException {
        if (in.settings().libraries().isEmpty()) {
            throw ShimException.usage(
                    "hook " + in.name() + " has no host MPI configured (hooks." + in.name() + ".libraries is empty)",
                    "list the host's MPICH-ABI libraries, e.g. libmpi.so.12, in shim.toml");
        }
        for (String lib : in.settings().libraries()) {
            String soname = Path.of(lib).getFileName().toString();
            if (!soname.matches(".+\\.so\\.\\d+")) {
                continue;
            }
            Optional<Path> image = LibraryReplacement.IMAGE_LIB_DIRS.stream()
                    .map(d -> RootfsPaths.resolve(in.image(), d + "/" + soname))
                    .flatMap(Optional::stream)
                    .findFirst();
            if (image.isEmpty()) {
                throw ShimException.environment(
                        "hook " + in.name() + ": the image has no " + soname
                                + ", so its MPI is not ABI-compatible with the host's (MPICH ABI); nothing to replace",
                        "build the image with an MPICH-ABI MPI (MPICH, Cray MPICH, Intel MPI) or set "
                                + in.switchAnnotation() + " = \"false\"");
            }
            int[] imageVersion = version(image.get());
            int[] hostVersion = version(Path.of(lib).toRealPath());
            if (compare(hostVersion, imageVersion) < 0) {
                throw ShimException.environment(
                        "hook " + in.name() + ": host " + soname + " is version " + text(hostVersion)
                                + ", older than the image's " + text(imageVersion),
                        "use an image built against an MPI no newer than the host's, or set " + in.switchAnnotation()
                                + " = \"false\"");
            }
        }
    }

    /** The minor and patch numbers after the soname, from the file the soname link points at. */
    static int[] version(Path file) throws IOException {
        Path real = Files.isSymbolicLink(file) || Files.exists(file) ? resolveInside(file) : file;
        Matcher m = VERSIONED.matcher(real.getFileName().toString());
        if (!m.matches() || m.group(2).isEmpty()) {
            return new int[0];
        }
        String[] parts = m.group(2).substring(1).split("\\.");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Integer.parseInt(parts[i]);
        }
        return out;
    }

    /** Follows relative links only (an image's absolute links point into the image, not the host). */
    private static Path resolveInside(Path file) throws IOException {
        Path cur = file;
        for (int i = 0; i < 10 && Files.isSymbolicLink(cur); i++) {
            Path target = Files.readSymbolicLink(cur);
            if (target.isAbsolute()) {
                return target;
            }
            cur = cur.resolveSibling(target);
        }
        return cur;
    }

    static int compare(int[] a, int[] b) {
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int x = i < a.length ? a[i] : 0;
            int y = i < b.length ? b[i] : 0;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return 0;
    }

    private static String text(int[] v) {
        return v.length == 0
                ? "unknown"
                : String.join(
                        ".",
                        java.util.Arrays.stream(v).mapToObj(Integer::toString).toList());
    }
}
