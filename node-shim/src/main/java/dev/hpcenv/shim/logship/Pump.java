package dev.hpcenv.shim.logship;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;

/**
 * Copies one pipe to the shim's original stdout or stderr, every byte and first, then offers a
 * copy to the splitter. Reads 64 KiB at a time; a partial line is flushed after 100 ms without
 * new bytes. A failing original (its reader gone) is no longer written; the pipe is still drained
 * so that the task never blocks on it.
 */
final class Pump implements Runnable {
    static final int READ_BYTES = 64 << 10;
    static final int IDLE_MILLIS = 100;

    private final int readFd;
    private final int originalFd;
    private final LineSplitter splitter;
    private boolean originalBroken;

    Pump(int readFd, int originalFd, LineSplitter splitter) {
        this.readFd = readFd;
        this.originalFd = originalFd;
        this.splitter = splitter;
    }

    @Override
    public void run() {
        Memory buffer = new Memory(READ_BYTES);
        Memory pollFd = new Memory(8);
        byte[] copy = new byte[READ_BYTES];
        try {
            while (true) {
                if (splitter.hasPartial() && !ready(pollFd, readFd, Posix.POLLIN, IDLE_MILLIS)) {
                    splitter.flush();
                    continue;
                }
                long n = read(buffer);
                if (n <= 0) {
                    break;
                }
                writeOriginal(buffer, pollFd, n);
                long now = System.currentTimeMillis();
                buffer.read(0, copy, 0, (int) n);
                splitter.accept(copy, 0, (int) n, now);
            }
        } finally {
            splitter.flush();
            try {
                Posix.close(readFd);
            } catch (LastErrorException ignored) {
                // closed already
            }
        }
    }

    private long read(Memory buffer) {
        while (true) {
            try {
                return Posix.read(readFd, buffer, READ_BYTES);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Posix.EINTR) {
                    return -1;
                }
            }
        }
    }

    private void writeOriginal(Memory buffer, Memory pollFd, long n) {
        long done = 0;
        while (done < n && !originalBroken) {
            try {
                done += Posix.write(originalFd, buffer.share(done), n - done);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Posix.EAGAIN) {
                    ready(pollFd, originalFd, Posix.POLLOUT, -1);
                } else if (e.getErrorCode() != Posix.EINTR) {
                    originalBroken = true;
                }
            }
        }
    }

    /** Whether {@code fd} is ready for {@code events} within {@code millis} (-1: no limit). */
    private static boolean ready(Memory pollFd, int fd, short events, int millis) {
        pollFd.setInt(0, fd);
        pollFd.setShort(4, events);
        pollFd.setShort(6, (short) 0);
        while (true) {
            try {
                return Posix.poll(pollFd, 1, millis) > 0;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Posix.EINTR) {
                    return true;
                }
            }
        }
    }
}
