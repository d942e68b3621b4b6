package dev.hpcenv.shim.bundle;

import dev.hpcenv.edf.validate.EnvironmentRules;
import dev.hpcenv.edf.validate.RuleViolation;
import dev.hpcenv.model.Mount;
import dev.hpcenv.model.MountType;
import dev.hpcenv.shim.error.IoErrors;
import dev.hpcenv.shim.error.ShimException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the environment's mounts on this node and turns EDF flags into OCI mount options.
 * Bind mounts are recursive and always {@code nosuid,nodev}: an environment is the user's text, and
 * no flag of it may give the container set-uid programs or device files from the host, so
 * {@code suid} and {@code dev} are refused. {@code ro}, {@code rw}, the propagation flags and
 * {@code noexec} are passed on. Squashfs mounts are read-only binds of a shared Squashfs mount (see
 * {@link dev.hpcenv.shim.mount.SharedMounts}).
 */
public final class MountPlanner {

    private MountPlanner() {}

    /** {@link #checkSources(List, MountPolicy)} without a site deny list. */
    public static List<Mount> checkSources(List<Mount> mounts) {
        return checkSources(mounts, MountPolicy.NONE);
    }

    /**
     * Fails with one line naming the mount when a source is missing, unreadable, denied by the
     * site or a flag is not allowed. Returns the mounts with each source resolved (symlinks and
     * {@code ..}), which is what the container gets: the path checked is the path mounted.
     */
    public static List<Mount> checkSources(List<Mount> mounts, MountPolicy policy) {
        List<Mount> resolved = new ArrayList<>();
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
                throw ShimException.environment(
                        where + ": source " + src + " does not exist on this node",
                        "create it or fix the mount in the environment");
            }
            if (!Files.isReadable(src)) {
                throw ShimException.environment(
                        where + ": source " + src + " is not readable by this user", "check its permissions");
            }
            if (m.getType() == MountType.SQUASHFS && !Files.isRegularFile(src)) {
                throw ShimException.environment(where + ": source of a Squashfs mount must be a regular file", null);
            }
            for (String f : m.getFlags()) {
                // The rule edf validate and the operator apply; here the flags are expanded.
                Optional<RuleViolation> bad =
                        m.getType() == MountType.BIND ? EnvironmentRules.bindMountFlag(f) : Optional.empty();
                if (bad.isPresent()) {
                    throw ShimException.environment(
                            where + ": " + bad.get().message(), bad.get().hint());
                }
            }
            Path real;
            try {
                real = src.toRealPath();
            } catch (IOException e) {
                throw ShimException.environment(
                        where + ": source " + src + " cannot be resolved: " + IoErrors.describe(e),
                        "check its permissions");
            }
            policy.check(where, src, real);
            resolved.add(new Mount(real.toString(), m.getTarget(), m.getType(), m.getFlags()));
        }
        return resolved;
    }

    /** OCI options for a bind mount with the given (checked) EDF flags: always nosuid and nodev. */
    public static List<String> bindOptions(List<String> flags) {
        Set<String> opts = new LinkedHashSet<>();
        opts.add(flags.contains("bind") ? "bind" : "rbind");
        opts.add("nosuid");
        opts.add("nodev");
        for (String f : flags) {
            if (!f.equals("bind")
                    && !f.equals("rbind")
                    && !f.equals("exec")
                    && !EnvironmentRules.WEAKENING_MOUNT_FLAGS.contains(f)) {
                opts.add(f);
            }
        }
        return new ArrayList<>(opts);
    }
}
