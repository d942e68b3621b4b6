package dev.hpcenv.shim.image;

import dev.hpcenv.shim.config.SiteConfig;
import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.error.StorageFull;
import dev.hpcenv.shim.process.CommandResult;
import dev.hpcenv.shim.process.ProcessRunner;
import dev.hpcenv.shim.process.RunningCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The hand-chainable steps of an import, each one external tool: skopeo copy, umoci unpack,
 * mksquashfs. The same steps serve registry pulls and Containerfile builds.
 */
public final class ImageTools {
    private final SiteConfig config;
    private final ProcessRunner runner;
    private final boolean root;

    public ImageTools(SiteConfig config, ProcessRunner runner, boolean root) {
        this.config = config;
        this.runner = runner;
        this.root = root;
    }

    /** The raw manifest (or index) of the reference, or of one digest in its repository. */
    public List<String> inspectRawCommand(ImageReference ref, String digest, Path authFile) {
        List<String> cmd = new ArrayList<>(List.of(config.tools().skopeo(), "inspect", "--raw"));
        if (config.isInsecure(ref.registry())) {
            cmd.add("--tls-verify=false");
        }
        if (authFile != null) {
            cmd.addAll(List.of("--authfile", authFile.toString()));
        }
        cmd.add(ref.dockerUri(digest));
        return cmd;
    }

    /** Copies the image, pinned to a digest or (digest null) by the reference's tag. */
    public List<String> copyCommand(ImageReference ref, String digest, Path authFile, Path layout) {
        List<String> cmd = new ArrayList<>(List.of(config.tools().skopeo(), "copy", "--quiet"));
        if (config.isInsecure(ref.registry())) {
            cmd.add("--src-tls-verify=false");
        }
        if (authFile != null) {
            cmd.addAll(List.of("--src-authfile", authFile.toString()));
        }
        cmd.add(ref.dockerUri(digest));
        cmd.add("oci:" + layout + ":img");
        return cmd;
    }

    public List<String> unpackCommand(Path layout, Path rootfs) {
        List<String> cmd = new ArrayList<>(List.of(config.tools().umoci(), "raw", "unpack"));
        if (!root) {
            cmd.add("--rootless");
        }
        cmd.addAll(List.of("--image", layout + ":img", rootfs.toString()));
        return cmd;
    }

    public List<String> squashCommand(Path rootfs, Path output) {
        List<String> cmd = new ArrayList<>(
                List.of(config.tools().mksquashfs(), rootfs.toString(), output.toString(), "-noappend"));
        cmd.addAll(config.squashfs().mksquashfsArgs());
        // Canonical ownership: the image is shared; who owns the files is decided at mount time.
        // xattrs are dropped: file capabilities mean nothing in a rootless container.
        cmd.addAll(List.of("-all-root", "-no-xattrs", "-no-progress", "-quiet"));
        return cmd;
    }

    /** Whether the tools run as root (else rootless: umoci --rootless, buildah in the user's namespace). */
    public boolean root() {
        return root;
    }

    /** Runs a command whose failure the caller judges. */
    public CommandResult run(List<String> command) throws InterruptedException {
        return runner.run(command);
    }

    /** Starts a command in the background (a download that may be cancelled). */
    public RunningCommand start(List<String> command) {
        return runner.start(command);
    }

    /** Runs one step; a failure becomes one line naming the tool and its last error line. */
    public CommandResult runStep(String what, List<String> command) throws InterruptedException {
        return runStep(what, command, null);
    }

    /**
     * Runs one step that writes into {@code writesTo}: a failure becomes one line naming the tool
     * and its last error line or, when the tool ran out of space there, the place, its free space
     * and the fix.
     */
    public CommandResult runStep(String what, List<String> command, StorageFull.Place writesTo)
            throws InterruptedException {
        CommandResult r = runner.run(command);
        if (!r.ok()) {
            if (writesTo != null && StorageFull.says(r.stderr())) {
                throw StorageFull.error(what, writesTo, r.stderr());
            }
            throw ShimException.environment(what + " failed: " + r.lastErrorLine(), null);
        }
        return r;
    }

    /** The temp_dir where downloads are unpacked, as a place that can fill up. */
    public StorageFull.Place scratchPlace(Path scratch) {
        return new StorageFull.Place(
                "temporary directory (temp_dir)",
                scratch,
                "free space there, or set temp_dir in"
                        + " the site configuration to node-local space with room for an unpacked image");
    }

    /** An image store, as a place that can fill up. */
    public static StorageFull.Place storePlace(Path store) {
        return new StorageFull.Place(
                "image store",
                store,
                "remove images with 'hpcenv-shim images prune' or"
                        + " 'hpcenv-shim images rm', or point image_store in the site configuration (EDF_IMAGESTORE for one"
                        + " job) at a file system with room");
    }
}
