package dev.hpcenv.shim.mount;

import java.nio.file.Path;

/** Mounts and unmounts the file systems a container is made of. */
public interface Mounter {
    /** Mounts a Squashfs file read-only at {@code target}. */
    void mountSquashfs(Path image, Path target) throws InterruptedException;

    /**
     * Mounts a writable overlay. With {@code ownerUid >= 0} every file appears owned by that user
     * (rootless: the container's root is the job user, and must own the image to write to it).
     */
    void mountOverlay(Path lower, Path upper, Path work, Path target, int ownerUid, int ownerGid)
            throws InterruptedException;

    /** Unmounts; a busy mount is detached lazily. Returns false if it is still mounted. */
    boolean unmount(Path target) throws InterruptedException;
}
