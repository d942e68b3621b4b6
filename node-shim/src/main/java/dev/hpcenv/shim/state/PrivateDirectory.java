package dev.hpcenv.shim.state;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A per-user directory in a shared place (/dev/shm, /tmp): created 0700, and trusted only when it
 * is a real directory owned by the caller that nobody else can write. Anything else (another
 * user's directory or symlink planted under the expected name) is refused, since the shim keeps
 * bundles, mount points and its parsed site configuration there.
 */
public final class PrivateDirectory {
    private PrivateDirectory() {}

    public static void ensure(Path dir, long uid) throws IOException {
        Files.createDirectories(dir.getParent());
        try {
            Files.createDirectory(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            // created earlier (or by another task of the step): checked below
        }
        if (!isTrusted(dir, uid)) {
            throw new IOException(dir + " is not a private directory of uid " + uid
                    + " (a symlink, another user's, or writable by others); remove it");
        }
    }

    public static boolean isTrusted(Path p, long uid) {
        try {
            if (Files.isSymbolicLink(p) || !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            Object owner = Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
            return owner instanceof Integer o
                    && o == uid
                    && !perms.contains(PosixFilePermission.GROUP_WRITE)
                    && !perms.contains(PosixFilePermission.OTHERS_WRITE);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
