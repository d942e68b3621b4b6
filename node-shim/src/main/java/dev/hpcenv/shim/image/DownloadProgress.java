package dev.hpcenv.shim.image;

import dev.hpcenv.shim.log.ShimLog;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code pull.bytes} while skopeo downloads into an OCI layout, at most four a second: bytes done
 * are the image's blobs present in the layout plus the blob being written (skopeo writes it as
 * {@code oci-put-blob*} in the layout, then moves it under {@code blobs/}), of the total of the
 * config and layers the manifest names. Runs only when a sink takes progress events (log
 * shipping), on its own thread: the total may need a registry round trip, never on the pull's path.
 */
final class DownloadProgress implements AutoCloseable {
    static final long INTERVAL_MILLIS = 250;
    static final DownloadProgress NONE = new DownloadProgress(null, null, null);

    /** The download's blobs and sizes (may ask the registry). */
    interface Sizes {
        ImageSize get() throws IOException, InterruptedException;
    }

    private final ImageReference ref;
    private final Path layout;
    private final Thread thread;
    private final long startNanos = System.nanoTime();

    private DownloadProgress(ImageReference ref, Path layout, Sizes sizes) {
        this.ref = ref;
        this.layout = layout;
        if (sizes == null) {
            this.thread = null;
            return;
        }
        this.thread = new Thread(() -> watch(sizes), "pull-progress");
        thread.setDaemon(true);
    }

    static DownloadProgress start(ImageReference ref, Path layout, Sizes sizes) {
        if (!ShimLog.hasProgressSink()) {
            return NONE;
        }
        DownloadProgress p = new DownloadProgress(ref, layout, sizes);
        p.thread.start();
        return p;
    }

    private void watch(Sizes sizes) {
        try {
            ImageSize size = sizes.get();
            long total = size.total();
            long last = -1;
            while (!Thread.currentThread().isInterrupted()) {
                long done = Math.min(total, done(size));
                if (done != last && total > 0) {
                    report(done, total);
                    last = done;
                }
                Thread.sleep(INTERVAL_MILLIS);
            }
        } catch (InterruptedException e) {
            // the download ended
        } catch (IOException | RuntimeException e) {
            ShimLog.debug("pull.progress", "image", ref, "error", String.valueOf(e.getMessage()));
        }
    }

    /** The download is complete: one last event with every byte done, from the layout's own manifest. */
    void downloaded() {
        if (thread == null) {
            return;
        }
        close();
        try {
            long total = ImageSize.ofManifest(OciLayoutReader.manifest(layout).body())
                    .total();
            if (total > 0) {
                report(total, total);
            }
        } catch (IOException e) {
            ShimLog.debug("pull.progress", "image", ref, "error", String.valueOf(e.getMessage()));
        }
    }

    private void report(long done, long total) {
        double seconds = Math.max(0.001, (System.nanoTime() - startNanos) / 1e9);
        long rate = (long) (done / seconds);
        ShimLog.sinkProgress(
                "pull.bytes",
                String.format(
                        Locale.ROOT,
                        "pulling %s: %d%% of %.1f MB",
                        ref,
                        total == 0 ? 0 : done * 100 / total,
                        total / 1e6),
                "image",
                ref,
                "bytesDone",
                done,
                "bytesTotal",
                total,
                "bytesPerSecond",
                rate);
    }

    private long done(ImageSize size) {
        long done = 0;
        Path blobs = layout.resolve("blobs/sha256");
        for (String digest : size.blobs().keySet()) {
            try {
                done += Files.size(blobs.resolve(digest.substring(digest.indexOf(':') + 1)));
            } catch (IOException | RuntimeException e) {
                // not there yet
            }
        }
        try (DirectoryStream<Path> partial = Files.newDirectoryStream(layout, "oci-put-blob*")) {
            for (Path p : partial) {
                try {
                    done += Files.size(p);
                } catch (IOException e) {
                    // moved into blobs/ meanwhile
                }
            }
        } catch (IOException e) {
            // no layout yet
        }
        return done;
    }

    /** Stops watching (the download ended or failed). */
    @Override
    public void close() {
        if (thread != null && thread.isAlive()) {
            thread.interrupt();
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
