package dev.hpcenv.shim.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Path lookups inside a container root file system from the host: symbolic links are followed
 * as the container would see them (absolute targets are relative to the rootfs), never out to
 * the host.
 */
public final class RootfsPaths {
    private static final int MAX_LINKS = 40;

    private RootfsPaths() {}

    /** The host path of {@code containerPath} inside {@code rootfs}, if it exists. */
    public static Optional<Path> resolve(Path rootfs, String containerPath) {
        Path current = rootfs;
        String remaining = containerPath;
        int links = 0;
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (String p : remaining.split("/")) {
            if (!p.isEmpty()) {
                parts.add(p);
            }
        }
        while (!parts.isEmpty()) {
            String part = parts.poll();
            if (part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                current = current.equals(rootfs) ? rootfs : current.getParent();
                continue;
            }
            Path next = current.resolve(part);
            if (Files.isSymbolicLink(next)) {
                if (++links > MAX_LINKS) {
                    return Optional.empty();
                }
                String target;
                try {
                    target = Files.readSymbolicLink(next).toString();
                } catch (IOException e) {
                    return Optional.empty();
                }
                java.util.Deque<String> rest = new java.util.ArrayDeque<>();
                for (String p : target.split("/")) {
                    if (!p.isEmpty()) {
                        rest.add(p);
                    }
                }
                rest.addAll(parts);
                parts = rest;
                if (target.startsWith("/")) {
                    current = rootfs;
                }
                continue;
            }
            if (!Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            current = next;
        }
        return Optional.of(current);
    }

    public static boolean exists(Path rootfs, String containerPath) {
        return resolve(rootfs, containerPath).isPresent();
    }
}
