package dev.hpcenv.shim.config;

/** How Squashfs images are mounted. */
public enum MountMode {
    /** Kernel loop mounts when running as root, squashfuse_ll otherwise. */
    AUTO,
    /** Always squashfuse_ll (unprivileged FUSE). */
    FUSE,
    /** Always a kernel loop mount (needs root). */
    KERNEL;

    public static MountMode parse(String value) {
        for (MountMode m : values()) {
            if (m.name().equalsIgnoreCase(value)) {
                return m;
            }
        }
        throw new IllegalArgumentException("expected auto, fuse or kernel, got '" + value + "'");
    }
}
