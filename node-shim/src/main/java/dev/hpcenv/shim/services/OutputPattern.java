package dev.hpcenv.shim.services;

import dev.hpcenv.shim.error.ShimException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A service's output file pattern (docs/workflows.md, section 2): relative to the job's working
 * directory, with {@code %j} (job id; {@code ARRAYJOB_INDEX} for array elements), {@code %N} (node
 * name), {@code %n} (node index in the allocation), {@code %x} (service name) and {@code %%}. A
 * pattern whose file would lie outside the working directory is refused: lexically before anything
 * starts, and on the node once more through the directories that exist (a symbolic link).
 */
public final class OutputPattern {
    private OutputPattern() {}

    /** What is wrong with {@code pattern}, or null: an unknown escape, an absolute path, a way out. */
    public static String check(String pattern) {
        String sample;
        try {
            sample = expand(pattern, "1", "node", 0, "service");
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (sample.startsWith("/")) {
            return "\"" + pattern + "\" must be relative to the job's working directory";
        }
        Path p = Path.of("/w").resolve(sample).normalize();
        if (!p.startsWith("/w") || p.equals(Path.of("/w"))) {
            return "\"" + pattern + "\" leaves the job's working directory";
        }
        return null;
    }

    /** The pattern with its escapes replaced (no checks of the result). */
    public static String expand(String pattern, String jobId, String node, int nodeIndex, String service) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i + 1 >= pattern.length()) {
                throw new IllegalArgumentException("\"" + pattern + "\" ends in a lone %; write %% for a percent sign");
            }
            char e = pattern.charAt(++i);
            switch (e) {
                case 'j' -> out.append(jobId);
                case 'N' -> out.append(node);
                case 'n' -> out.append(nodeIndex);
                case 'x' -> out.append(service);
                case '%' -> out.append('%');
                default ->
                    throw new IllegalArgumentException("\"" + pattern + "\" has %" + e + "; known are %j %N %n %x %%");
            }
        }
        return out.toString();
    }

    /**
     * The file on this node: the expansion resolved in {@code workdir}, refused (125, naming
     * {@code field}) when it, or a symbolic link on its way, leads outside.
     */
    public static Path resolve(
            String pattern, String field, Path workdir, String jobId, String node, int nodeIndex, String service) {
        String expanded;
        try {
            expanded = expand(pattern, jobId, node, nodeIndex, service);
        } catch (IllegalArgumentException e) {
            throw ShimException.usage(ServicesParser.VARIABLE + ": " + field + ": " + e.getMessage(), null);
        }
        Path base = workdir.toAbsolutePath().normalize();
        Path file = base.resolve(expanded).normalize();
        if (expanded.startsWith("/") || !file.startsWith(base) || file.equals(base) || escapesThroughLink(base, file)) {
            throw ShimException.usage(
                    ServicesParser.VARIABLE + ": " + field + ": \"" + pattern + "\" (" + expanded
                            + ") leaves the job's working directory " + base,
                    "give a path below the working directory");
        }
        return file;
    }

    /** The deepest existing directory on the way to {@code file}, with links resolved, lies outside. */
    private static boolean escapesThroughLink(Path base, Path file) {
        try {
            Path realBase = base.toRealPath();
            Path dir = file.getParent();
            while (dir != null && !Files.exists(dir)) {
                dir = dir.getParent();
            }
            if (dir == null || !dir.toRealPath().startsWith(realBase)) {
                return true;
            }
            return Files.isSymbolicLink(file) && !file.toRealPath().startsWith(realBase);
        } catch (IOException e) {
            return true;
        }
    }
}
