package dev.hpcenv.shim.hooks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;

/**
 * Sarus's rule for what the shim runs with the caller's privileges: hooks.d files and hook
 * executables, and every directory above them, belong to root and are writable by nobody else.
 * Anything else would let a user choose what runs in every container on the node.
 */
public final class FileTrust {
    private FileTrust() {}

    /** Why {@code p} cannot be trusted, or empty when it can. */
    public static Optional<String> problem(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        for (Path cur = abs; cur != null; cur = cur.getParent()) {
            try {
                Object uid = Files.getAttribute(cur, "unix:uid", LinkOption.NOFOLLOW_LINKS);
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(cur, LinkOption.NOFOLLOW_LINKS);
                boolean link = Files.isSymbolicLink(cur);
                if (((Number) uid).intValue() != 0) {
                    return Optional.of(cur + " is not owned by root");
                }
                // Symbolic links have mode 0777 on Linux; only their owner matters.
                if (!link
                        && (perms.contains(PosixFilePermission.GROUP_WRITE)
                                || perms.contains(PosixFilePermission.OTHERS_WRITE))
                        && !isStickyRoot(cur)) {
                    return Optional.of(cur + " is writable by group or others");
                }
            } catch (IOException | UnsupportedOperationException e) {
                return Optional.of(cur + " cannot be inspected (" + e.getMessage() + ")");
            }
        }
        return Optional.empty();
    }

    /** /tmp-like directories (sticky, root-owned) do not let others replace root's entries. */
    private static boolean isStickyRoot(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        int mode = ((Number) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS)).intValue();
        return (mode & 01000) != 0;
    }
}
