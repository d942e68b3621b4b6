package dev.hpcenv.shim.bundle;

import dev.hpcenv.crd.v1alpha1.Mount;
import dev.hpcenv.crd.v1alpha1.MountType;
import dev.hpcenv.shim.error.ShimException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks the environment's mounts on this node and turns EDF flags into OCI mount options.
 * Bind mounts are recursive, {@code nosuid,nodev} by default; {@code ro}, {@code rw}, the
 * propagation flags and {@code noexec} are passed on. Squashfs mounts are read-only binds of a
 * shared Squashfs mount (see {@link dev.hpcenv.shim.mount.SharedMounts}).
 */
public final class MountPlanner {
    private static final Set<String> PASSED = Set.of("ro", "rw", "private", "rprivate", "slave", "rslave", "shared",
            "rshared", "nosuid", "nodev", "noexec", "suid", "dev", "exec", "bind", "rbind");

    private MountPlanner() {
    }

    /** Fails with one line naming the mount when a source is missing or unreadable. */
    public static void checkSources(List<Mount> mounts) {
        for (int i = 0; i < mounts.size(); i++) {
            Mount m = mounts.get(i);
            String where = "mounts[" + i + "] (" + m.getSource() + ":" + m.getTarget() + ")";
            if (m.getSource() == null || !m.getSource().startsWith("/")) {
                throw ShimException.environment(where + ": source must be an absolute path on the node", null);
            }
            if (m.getTarget() == null || !m.getTarget().startsWith("/")) {
                throw ShimException.environment(where + ": target must be an absolute path in the container", null);
            }
            Path src = Path.of(m.getSource());
            if (!Files.exists(src)) {
                throw ShimException.environment(where + ": source " + src + " does not exist on this node",
                        "create it or fix the mount in the environment");
            }
            if (!Files.isReadable(src)) {
                throw ShimException.environment(where + ": source " + src + " is not readable by this user",
                        "check its permissions");
            }
            if (m.getType() == MountType.SQUASHFS && !Files.isRegularFile(src)) {
                throw ShimException.environment(where + ": source of a Squashfs mount must be a regular file", null);
            }
            for (String f : m.getFlags()) {
                if (m.getType() == MountType.BIND && !PASSED.contains(f)) {
                    throw ShimException.environment(where + ": unsupported mount flag '" + f + "'",
                            "use ro, rw, private, rprivate, slave, rslave, shared, rshared, nosuid, nodev or noexec");
                }
            }
        }
    }

    /** OCI options for a bind mount with the given EDF flags. */
    public static List<String> bindOptions(List<String> flags) {
        Set<String> opts = new LinkedHashSet<>();
        opts.add(flags.contains("bind") ? "bind" : "rbind");
        boolean suid = flags.contains("suid");
        boolean dev = flags.contains("dev");
        if (!suid) {
            opts.add("nosuid");
        }
        if (!dev) {
            opts.add("nodev");
        }
        for (String f : flags) {
            if (!f.equals("bind") && !f.equals("rbind") && !f.equals("suid") && !f.equals("dev") && !f.equals("exec")) {
                opts.add(f);
            }
        }
        return new ArrayList<>(opts);
    }
}
