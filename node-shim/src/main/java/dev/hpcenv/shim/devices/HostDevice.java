package dev.hpcenv.shim.devices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A device node on this node, as stat(2) sees it: its type ({@code c}, {@code b} or {@code p}),
 * numbers, mode and owner. The kernel's dev_t encoding is glibc's {@code major()}/{@code minor()}.
 */
public record HostDevice(String type, long major, long minor, int mode, long uid, long gid) {
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFIFO = 0010000;

    /** The node at {@code path} (symbolic links followed), or empty when it is not a device node. */
    static Optional<HostDevice> stat(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:mode,rdev,uid,gid");
        int mode = ((Number) a.get("mode")).intValue();
        long rdev = ((Number) a.get("rdev")).longValue();
        String type = switch (mode & S_IFMT) {
            case S_IFCHR -> "c";
            case S_IFBLK -> "b";
            case S_IFIFO -> "p";
            default -> null;
        };
        if (type == null) {
            return Optional.empty();
        }
        long major = ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & 0xfffff000L);
        long minor = (rdev & 0xff) | ((rdev >>> 12) & 0xffffff00L);
        return Optional.of(new HostDevice(
                type,
                major,
                minor,
                mode & 07777,
                ((Number) a.get("uid")).longValue(),
                ((Number) a.get("gid")).longValue()));
    }
}
