package dev.hpcenv.shim.mount;

import dev.hpcenv.shim.error.IoErrors;
import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.log.ShimLog;
import dev.hpcenv.shim.state.FileLock;
import dev.hpcenv.shim.state.OwnerId;
import dev.hpcenv.shim.state.RuntimeDirs;
import dev.hpcenv.shim.state.TreeRemover;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Mounts shared by every shim of the user on the node: all tasks of a step use one Squashfs
 * mount and one overlay. Each user of a mount holds a reference file named after its
 * {@link OwnerId}; the last one out, or the first shim after a crash, unmounts. Mounting happens
 * under the node-local lock so that concurrent tasks never mount twice.
 */
public final class SharedMounts {
    private final RuntimeDirs dirs;
    private final Mounter mounter;
    private final OwnerId owner;
    private final Deque<String> held = new ArrayDeque<>();

    public SharedMounts(RuntimeDirs dirs, Mounter mounter, OwnerId owner) {
        this.dirs = dirs;
        this.mounter = mounter;
        this.owner = owner;
    }

    /** The Squashfs file mounted read-only; returns the mount point. */
    public Path acquireSquashfs(Path image) throws InterruptedException {
        // The inode in the key: a file rebuilt and renamed into place at the same path gets a fresh mount.
        String key;
        try {
            var attrs = Files.readAttributes(image, java.nio.file.attribute.BasicFileAttributes.class);
            key = "sqsh-" + hash(image.toAbsolutePath() + "|" + attrs.fileKey() + "|" + attrs.size());
        } catch (IOException e) {
            throw ShimException.environment("cannot read Squashfs image " + image + ": " + IoErrors.describe(e), null);
        }
        return acquire(key, dir -> {
            Path mnt = Files.createDirectories(dir.resolve("mnt"));
            mounter.mountSquashfs(image, mnt);
            return mnt;
        });
    }

    /**
     * A writable overlay on {@code lower}, shared by the holders of the same {@code scope}
     * (one job step on this node), with its upper layer in node-local space.
     */
    public Path acquireOverlay(Path lower, String scope, int ownerUid, int ownerGid) throws InterruptedException {
        String key = "ovl-" + hash(lower + "|" + scope);
        return acquire(key, dir -> {
            Path upper = Files.createDirectories(dir.resolve("upper"));
            Path work = Files.createDirectories(dir.resolve("work"));
            Path merged = Files.createDirectories(dir.resolve("merged"));
            mounter.mountOverlay(lower, upper, work, merged, ownerUid, ownerGid);
            return merged;
        });
    }

    /** Releases everything this shim acquired, newest first. */
    public void releaseAll() throws InterruptedException {
        while (!held.isEmpty()) {
            String key = held.pop();
            try (FileLock lock = FileLock.acquire(dirs.lockFile(), () -> {})) {
                Path dir = dirs.mounts().resolve(key);
                Files.deleteIfExists(dir.resolve("users").resolve(owner.toString()));
                if (liveUsers(dir).isEmpty()) {
                    teardown(dir);
                }
            } catch (IOException e) {
                ShimLog.warn("mount.release", "cannot release mount " + key + ": " + IoErrors.describe(e), "key", key);
            }
        }
    }

    /** Removes mounts whose users have all gone (the janitor's half for mounts). Needs the lock held. */
    public static void sweep(RuntimeDirs dirs, Mounter mounter) throws IOException, InterruptedException {
        if (!Files.isDirectory(dirs.mounts())) {
            return;
        }
        try (Stream<Path> s = Files.list(dirs.mounts())) {
            for (Path dir : s.toList()) {
                if (liveUsers(dir).isEmpty()) {
                    new SharedMounts(dirs, mounter, OwnerId.current()).teardown(dir);
                }
            }
        }
    }

    private interface Setup {
        Path mount(Path dir) throws IOException, InterruptedException;
    }

    private Path acquire(String key, Setup setup) throws InterruptedException {
        try (FileLock lock = FileLock.acquire(dirs.lockFile(), () -> {})) {
            Path dir = dirs.mounts().resolve(key);
            Path users = dir.resolve("users");
            Path mountPoint;
            Optional<Path> existing = liveUsers(dir).isEmpty() ? Optional.empty() : readMountPoint(dir);
            if (existing.isPresent() && MountTable.isMounted(existing.get())) {
                mountPoint = existing.get();
            } else {
                teardown(dir);
                Files.createDirectories(users);
                try {
                    mountPoint = setup.mount(dir);
                } catch (IOException | InterruptedException | RuntimeException e) {
                    teardown(dir);
                    throw e;
                }
                Files.writeString(dir.resolve("mountpoint"), mountPoint.toString());
            }
            Files.createDirectories(users);
            Files.writeString(users.resolve(owner.toString()), "");
            held.push(key);
            return mountPoint;
        } catch (IOException e) {
            throw ShimException.environment(
                    "cannot prepare mounts under " + dirs.root() + ": " + IoErrors.describe(e),
                    "check runtime_dir in the site configuration");
        }
    }

    private void teardown(Path dir) throws IOException, InterruptedException {
        if (!Files.exists(dir)) {
            return;
        }
        boolean clean = true;
        for (Path mp : MountTable.under(dir)) {
            clean &= mounter.unmount(mp);
        }
        if (clean) {
            TreeRemover.remove(dir);
        } else {
            ShimLog.warn("mount.busy", "a mount under " + dir + " is still busy; it will be retried", "dir", dir);
        }
    }

    private static List<Path> liveUsers(Path dir) throws IOException {
        Path users = dir.resolve("users");
        if (!Files.isDirectory(users)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(users)) {
            List<Path> all = s.toList();
            List<Path> live = new java.util.ArrayList<>();
            for (Path u : all) {
                if (OwnerId.parse(u.getFileName().toString())
                        .map(OwnerId::isAlive)
                        .orElse(false)) {
                    live.add(u);
                } else {
                    Files.deleteIfExists(u);
                }
            }
            return live;
        }
    }

    private static Optional<Path> readMountPoint(Path dir) throws IOException {
        Path f = dir.resolve("mountpoint");
        return Files.isRegularFile(f) ? Optional.of(Path.of(Files.readString(f).strip())) : Optional.empty();
    }

    private static String hash(String s) {
        return dev.hpcenv.shim.state.Names.key(s);
    }
}
