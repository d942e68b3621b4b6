package dev.hpcenv.shim.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The node-local directory of one user's shims ({@code RUNTIME_DIR/hpcenv-shim-UID}):
 *
 * <pre>
 * lock            serialises mount set-up and tear-down between the user's shims on the node
 * mounts/KEY/     one shared mount (Squashfs image or overlay) with users/OWNER reference files
 * tasks/OWNER/    one run: bundle, generated passwd/group, runtime log, container id
 * runc/           the OCI runtime's state (--root)
 * </pre>
 *
 * Everything below it is owned by a live shim or removed by the janitor of the next one.
 */
public record RuntimeDirs(Path root, long uid) {
    public static RuntimeDirs forUser(Path runtimeDir, long uid) {
        return new RuntimeDirs(runtimeDir.resolve("hpcenv-shim-" + uid), uid);
    }

    public Path lockFile() {
        return root.resolve("lock");
    }

    public Path mounts() {
        return root.resolve("mounts");
    }

    public Path tasks() {
        return root.resolve("tasks");
    }

    public Path runtimeState() {
        return root.resolve("runc");
    }

    public Path task(OwnerId owner) {
        return tasks().resolve(owner.toString());
    }

    /** Creates the tree, private to the user (bundles can hold environment secrets). */
    public void create() throws IOException {
        PrivateDirectory.ensure(root, uid);
        Files.createDirectories(mounts());
        Files.createDirectories(tasks());
        Files.createDirectories(runtimeState());
    }
}
