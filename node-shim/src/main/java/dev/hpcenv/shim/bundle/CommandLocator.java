package dev.hpcenv.shim.bundle;

import dev.hpcenv.model.Mount;
import dev.hpcenv.model.MountType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Answers "will execvp find this command in the container?" before the container starts, so that
 * a missing command is one clear line and exit status 127 instead of a runtime error. Paths under
 * a bind mount target are looked up on the mount's source.
 */
public final class CommandLocator {
    private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private final Path rootfs;
    private final List<Mount> mounts;

    public CommandLocator(Path rootfs, List<Mount> mounts) {
        this.rootfs = rootfs;
        this.mounts = mounts;
    }

    public boolean exists(String command, String pathVariable) {
        if (command.contains("/")) {
            return isFile(command.startsWith("/") ? command : "/" + command);
        }
        for (String dir : (pathVariable == null ? DEFAULT_PATH : pathVariable).split(":")) {
            if (!dir.isEmpty() && isFile((dir.endsWith("/") ? dir : dir + "/") + command)) {
                return true;
            }
        }
        return false;
    }

    private boolean isFile(String containerPath) {
        for (Mount m : mounts) {
            String t = m.getTarget().endsWith("/")
                    ? m.getTarget().substring(0, m.getTarget().length() - 1)
                    : m.getTarget();
            if (m.getType() == MountType.BIND && (containerPath.equals(t) || containerPath.startsWith(t + "/"))) {
                return Files.isRegularFile(Path.of(m.getSource() + containerPath.substring(t.length())));
            }
            if (m.getType() == MountType.SQUASHFS && containerPath.startsWith(t + "/")) {
                return true;
            }
        }
        return RootfsPaths.resolve(rootfs, containerPath)
                .filter(Files::isRegularFile)
                .isPresent();
    }
}
