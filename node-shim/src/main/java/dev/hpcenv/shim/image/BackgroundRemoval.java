package dev.hpcenv.shim.image;

import dev.hpcenv.shim.process.Uninterruptibly;
import dev.hpcenv.shim.state.TreeRemover;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Removes a directory tree on a separate thread while the import goes on, and waits for it on
 * {@link #close()}. An unpacked image's OCI layout is as large as the image; deleting it while
 * mksquashfs runs takes that cost off the pull's critical path. Whoever closes this may then remove
 * the parent directory without racing the removal.
 */
final class BackgroundRemoval implements AutoCloseable {
    private final Thread thread;

    private BackgroundRemoval(Path dir) {
        // A plain platform thread, not the common pool: the pull path creates nothing else.
        this.thread = new Thread(
                () -> {
                    try {
                        TreeRemover.remove(dir);
                    } catch (IOException e) {
                        // Left to the caller, whose removal of the work directory takes what remains.
                    }
                },
                "layout-removal");
    }

    static BackgroundRemoval start(Path dir) {
        BackgroundRemoval r = new BackgroundRemoval(dir);
        r.thread.setDaemon(true);
        r.thread.start();
        return r;
    }

    /**
     * Waits for the removal even when interrupted (a forwarded signal): the caller removes the
     * parent next, and two removals of one tree would trip over each other's deletions. The
     * interrupt is kept for the caller.
     */
    @Override
    public void close() {
        Uninterruptibly.await(thread::join);
    }
}
