package dev.hpcenv.shim.config;

/** Paths (or names looked up in PATH) of the external tools the shim drives. */
public record Tools(
        String skopeo,
        String umoci,
        String mksquashfs,
        String squashfuse,
        String fuseOverlayfs,
        String fusermount,
        String mount,
        String umount,
        String buildah) {
    public static final Tools DEFAULT = new Tools(
            "skopeo",
            "umoci",
            "mksquashfs",
            "squashfuse_ll",
            "fuse-overlayfs",
            "fusermount3",
            "mount",
            "umount",
            "buildah");
}
