package dev.hpcenv.shim.image;

import dev.hpcenv.shim.log.ShimLog;
import dev.hpcenv.shim.process.CommandResult;
import dev.hpcenv.shim.process.RunningCommand;
import dev.hpcenv.shim.state.FileLock;
import dev.hpcenv.shim.state.TreeRemover;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A download by tag, started before the tag's digest is known: asking the registry for the digest
 * (a skopeo start and a round trip, ~45 ms) then overlaps the download instead of preceding it.
 * The download is kept only when it provably holds the image the digest names ({@link
 * LayoutIdentity}); otherwise the import downloads by digest as it would have anyway.
 *
 * <p>One per reference at a time, across processes and nodes (a lock in the store): many tasks
 * asking for one new image start one download between them, not one each for the ~45 ms until
 * they learn the digest.
 */
final class SpeculativeDownload implements AutoCloseable {
    private final FileLock referenceLock;
    private final Path work;
    private final RunningCommand copy;

    private SpeculativeDownload(FileLock referenceLock, Path work, RunningCommand copy) {
        this.referenceLock = referenceLock;
        this.work = work;
        this.copy = copy;
    }

    /** Creates a private work directory. */
    interface WorkDirectory {
        Path create() throws IOException;
    }

    /**
     * Starts the download into a new work directory's {@code oci/}, or returns empty when another
     * one for the reference runs.
     */
    static Optional<SpeculativeDownload> start(
            Path referenceLockFile, WorkDirectory workDirectory, ImageTools tools, ImageReference ref, Path authFile)
            throws IOException {
        Optional<FileLock> lock = FileLock.tryAcquire(referenceLockFile);
        if (lock.isEmpty()) {
            return Optional.empty();
        }
        try {
            Path work = workDirectory.create();
            RunningCommand copy = tools.start(tools.copyCommand(ref, null, authFile, layoutIn(work)));
            return Optional.of(new SpeculativeDownload(lock.get(), work, copy));
        } catch (IOException | RuntimeException e) {
            lock.get().close();
            throw e;
        }
    }

    /** The work directory: the import's own once the download is adopted, removed on close otherwise. */
    Path work() {
        return work;
    }

    /**
     * Waits for the download and keeps it when it holds the image {@code named} (the manifest or
     * index whose sha256 is the digest). When it does not, or it failed, the layout is removed.
     */
    boolean adopt(
            ImageReference ref,
            RegistryResolver.Resolution named,
            RegistryResolver resolver,
            Path authFile,
            String arch)
            throws InterruptedException, IOException {
        CommandResult r = copy.await();
        Path layout = layoutIn(work);
        if (r.ok()) {
            try {
                if (LayoutIdentity.holds(layout, named.manifest(), arch, d -> resolver.manifest(ref, d, authFile))) {
                    return true;
                }
                ShimLog.info(
                        "pull.tag-moved",
                        "the tag of " + ref + " moved during the download; downloading " + named.digest(),
                        "image",
                        ref,
                        "digest",
                        named.digest());
            } catch (IOException e) {
                ShimLog.debug("pull.download-unreadable", "image", ref, "error", e.getMessage());
            }
        } else {
            // Downloading by digest next says what is wrong, with the same one-line error as ever.
            ShimLog.debug("pull.download-by-tag-failed", "image", ref, "error", r.lastErrorLine());
        }
        TreeRemover.remove(layout);
        return false;
    }

    /** Stops a download still running, removes what nobody adopted and lets the next one start. */
    @Override
    public void close() throws IOException {
        copy.cancel();
        try {
            TreeRemover.remove(work);
        } finally {
            referenceLock.close();
        }
    }

    static Path layoutIn(Path work) {
        return work.resolve("oci");
    }
}
