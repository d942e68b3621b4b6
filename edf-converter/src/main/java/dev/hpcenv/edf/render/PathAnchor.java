package dev.hpcenv.edf.render;

import java.nio.file.Path;

/**
 * Relative paths in an environment ({@code ./x}, {@code ../x}) are relative to the working directory of
 * the process that uses the environment, not to the EDF file (CSCS Container Engine rule).
 */
public final class PathAnchor {
    private PathAnchor() {}

    public static boolean isRelative(String path) {
        return path.equals(".") || path.equals("..") || path.startsWith("./") || path.startsWith("../");
    }

    /**
     * {@code path} made absolute against {@code workingDirectory} when it is relative; unchanged otherwise, and
     * unchanged when {@code workingDirectory} is null (the directory is not known yet, e.g. in the operator).
     */
    public static String anchor(String path, Path workingDirectory) {
        if (path == null || workingDirectory == null || !isRelative(path)) {
            return path;
        }
        return workingDirectory.toAbsolutePath().resolve(path).normalize().toString();
    }
}
