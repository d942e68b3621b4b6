package dev.hpcenv.shim.runtime;

import dev.hpcenv.shim.error.IoErrors;
import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.process.ProcessRunner;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The two FIFOs of the namespace handshake: the child writes {@code ready} into one once it has
 * made its namespace and is about to block, and reads the other until the shim has mapped its ids.
 * The shim holds both open read-write, so that neither side's open ever blocks; a watcher writes
 * into the ready FIFO itself when the child ends (or takes too long) before it is ready, so that
 * the shim's read always returns.
 */
final class NamespaceGate implements AutoCloseable {
    static final String READY = "ready";
    private static final String ENDED = "ended";
    private static final String LATE = "late";

    private final Path readyPath;
    private final Path releasePath;
    private final FileChannel ready;
    /** The watcher's own write end: a FileChannel's read and write share a lock. */
    private final FileChannel readyWaker;

    private final FileChannel release;

    private NamespaceGate(
            Path readyPath, Path releasePath, FileChannel ready, FileChannel readyWaker, FileChannel release) {
        this.readyPath = readyPath;
        this.releasePath = releasePath;
        this.ready = ready;
        this.readyWaker = readyWaker;
        this.release = release;
    }

    /** Makes {@code BASE.ready} and {@code BASE.gate} beside {@code base} (a private directory). */
    static NamespaceGate create(ProcessRunner runner, Path base) throws InterruptedException {
        Path readyPath = base.resolveSibling(base.getFileName() + ".ready");
        Path releasePath = base.resolveSibling(base.getFileName() + ".gate");
        // One mkfifo for both: each helper process is a measurable part of a warm start.
        var r = runner.run(List.of("mkfifo", "-m", "600", readyPath.toString(), releasePath.toString()));
        if (!r.ok()) {
            deleteQuietly(readyPath);
            deleteQuietly(releasePath);
            throw ShimException.environment(
                    "cannot make the FIFOs " + base + ".{ready,gate}: " + r.lastErrorLine(), null);
        }
        FileChannel ready = null;
        FileChannel waker = null;
        try {
            ready = open(readyPath);
            // Write-only opens of a FIFO block until a reader exists: ours does.
            waker = open(readyPath, StandardOpenOption.WRITE);
            return new NamespaceGate(readyPath, releasePath, ready, waker, open(releasePath));
        } catch (ShimException e) {
            closeQuietly(ready);
            closeQuietly(waker);
            deleteQuietly(readyPath);
            deleteQuietly(releasePath);
            throw e;
        }
    }

    Path readyPath() {
        return readyPath;
    }

    Path releasePath() {
        return releasePath;
    }

    /**
     * Blocks until the child says it is ready; fails if it ends first or is not ready within
     * {@code timeoutMillis}. Interrupted (a signal during start-up): InterruptedException.
     */
    void awaitReady(RuntimeProcess child, long timeoutMillis) throws InterruptedException {
        Thread watcher = new Thread(
                () -> {
                    String verdict;
                    try {
                        verdict = child.awaitExit(timeoutMillis) ? ENDED : LATE;
                    } catch (InterruptedException e) {
                        return;
                    }
                    try {
                        readyWaker.write(ByteBuffer.wrap((verdict + "\n").getBytes(StandardCharsets.US_ASCII)));
                    } catch (IOException ignored) {
                        // closed: the shim has stopped waiting
                    }
                },
                "namespace-watch");
        watcher.setDaemon(true);
        watcher.start();
        String line;
        try {
            line = firstLine();
        } finally {
            watcher.interrupt();
        }
        if (line.equals(READY)) {
            return;
        }
        throw UserNamespaceLauncher.failed(
                line.equals(ENDED)
                        ? "the namespace's first process ended before it was ready (unshare --user refused?)"
                        : "the namespace's first process was not ready within " + timeoutMillis / 1000 + " s");
    }

    /** Lets the child go on: its ids are mapped. */
    void open() {
        try {
            release.write(ByteBuffer.wrap("go\n".getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw UserNamespaceLauncher.failed("cannot open the gate: " + IoErrors.describe(e));
        }
    }

    private String firstLine() throws InterruptedException {
        ByteBuffer buf = ByteBuffer.allocate(64);
        try {
            while (true) {
                int n = ready.read(buf);
                String seen = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
                int nl = seen.indexOf('\n');
                if (nl >= 0) {
                    return seen.substring(0, nl);
                }
                if (n < 0 || !buf.hasRemaining()) {
                    return ENDED;
                }
            }
        } catch (ClosedByInterruptException e) {
            throw new InterruptedException("interrupted while the namespace was made");
        } catch (IOException e) {
            throw UserNamespaceLauncher.failed("cannot read " + readyPath + ": " + IoErrors.describe(e));
        }
    }

    private static FileChannel open(Path path) {
        return open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    private static FileChannel open(Path path, StandardOpenOption... options) {
        try {
            return FileChannel.open(path, options);
        } catch (IOException e) {
            throw ShimException.environment("cannot open " + path + ": " + IoErrors.describe(e), null);
        }
    }

    @Override
    public void close() {
        closeQuietly(ready);
        closeQuietly(readyWaker);
        closeQuietly(release);
        deleteQuietly(readyPath);
        deleteQuietly(releasePath);
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // a FIFO's channel: nothing to flush
            }
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // inside the task directory, which is removed as a whole
        }
    }
}
