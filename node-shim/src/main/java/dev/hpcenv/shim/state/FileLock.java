package dev.hpcenv.shim.state;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * An exclusive POSIX (fcntl) lock on a file: the kind NFS (lockd) and Lustre ({@code flock}
 * mount option) honour across nodes. Released when closed or when the process dies.
 */
public final class FileLock implements AutoCloseable {
    private final FileChannel channel;

    private FileLock(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * Blocks until the lock is held; {@code onWait} runs once if another process holds it. The
     * directory must exist: creating it here would resurrect a tree a cleanup just removed.
     */
    public static FileLock acquire(Path file, Runnable onWait) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            if (ch.tryLock() == null) {
                onWait.run();
                ch.lock();
            }
            return new FileLock(ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The lock if nobody else holds it, else empty at once. The directory must exist. */
    public static Optional<FileLock> tryAcquire(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            if (ch.tryLock() == null) {
                ch.close();
                return Optional.empty();
            }
            return Optional.of(new FileLock(ch));
        } catch (java.nio.channels.OverlappingFileLockException e) {
            // Held by this process already: busy all the same.
            ch.close();
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
