package dev.hpcenv.shim.mount;

import dev.hpcenv.shim.config.Tools;
import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.process.CommandResult;
import dev.hpcenv.shim.process.ProcessRunner;
import java.nio.file.Path;
import java.util.List;

/**
 * Mounts with the system tools: squashfuse_ll (unprivileged) or a kernel loop mount (root) for
 * Squashfs, fuse-overlayfs for the writable layer. FUSE daemons detach once the mount is ready,
 * so each call returns with the file system usable.
 */
public final class ToolMounter implements Mounter {
    private final ProcessRunner runner;
    private final Tools tools;
    private final boolean kernelSquashfs;
    private final boolean root;
    private final boolean allowOther;

    public ToolMounter(ProcessRunner runner, Tools tools, boolean kernelSquashfs, boolean root) {
        this(runner, tools, kernelSquashfs, root, false);
    }

    /**
     * @param allowOther FUSE mounts admit other uids: with the job's own ids in the container,
     *                   the runtime prepares the root file system as container root, a subordinate
     *                   id. The mounts stay private through the 0700 per-user runtime directory.
     */
    public ToolMounter(ProcessRunner runner, Tools tools, boolean kernelSquashfs, boolean root, boolean allowOther) {
        this.runner = runner;
        this.tools = tools;
        this.kernelSquashfs = kernelSquashfs;
        this.root = root;
        this.allowOther = allowOther;
    }

    @Override
    public void mountSquashfs(Path image, Path target) throws InterruptedException {
        List<String> cmd = kernelSquashfs
                ? List.of(
                        tools.mount(),
                        "-t",
                        "squashfs",
                        "-o",
                        "loop,ro,nodev,nosuid",
                        image.toString(),
                        target.toString())
                : allowOther
                        ? List.of(tools.squashfuse(), "-o", "allow_other", image.toString(), target.toString())
                        : List.of(tools.squashfuse(), image.toString(), target.toString());
        CommandResult r = runner.run(cmd);
        if (!r.ok()) {
            throw ShimException.environment(
                    "cannot mount Squashfs image " + image + ": " + r.lastErrorLine(),
                    kernelSquashfs
                            ? "kernel Squashfs mounts need root and loop devices; set mount_mode = \"fuse\""
                            : "check that /dev/fuse is usable (run: hpcenv-shim selftest)");
        }
    }

    @Override
    public void mountOverlay(Path lower, Path upper, Path work, Path target, int ownerUid, int ownerGid)
            throws InterruptedException {
        String opts = (allowOther ? "allow_other," : "") + "lowerdir=" + optionPath(lower) + ",upperdir="
                + optionPath(upper) + ",workdir=" + optionPath(work);
        if (ownerUid >= 0) {
            opts += ",squash_to_uid=" + ownerUid + ",squash_to_gid=" + ownerGid;
        }
        CommandResult r = runner.run(List.of(tools.fuseOverlayfs(), "-o", opts, target.toString()));
        if (!r.ok()) {
            throw ShimException.environment(
                    "cannot mount the writable overlay at " + target + ": " + r.lastErrorLine(),
                    "check fuse-overlayfs and /dev/fuse (run: hpcenv-shim selftest)");
        }
    }

    @Override
    public boolean unmount(Path target) throws InterruptedException {
        List<String> normal = root
                ? List.of(tools.umount(), target.toString())
                : List.of(tools.fusermount(), "-u", target.toString());
        if (runner.run(normal).ok()) {
            return true;
        }
        List<String> lazy = root
                ? List.of(tools.umount(), "-l", target.toString())
                : List.of(tools.fusermount(), "-u", "-z", target.toString());
        runner.run(lazy);
        return !MountTable.isMounted(target);
    }

    /** fuse-overlayfs splits its options at commas and lower layers at colons. */
    private static String optionPath(Path p) {
        String s = p.toString();
        if (s.contains(",") || s.contains(":")) {
            throw ShimException.usage(
                    "runtime directory path " + s + " contains ',' or ':'",
                    "choose a runtime_dir without those characters");
        }
        return s;
    }
}
