package dev.hpcenv.shim.logship;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;

/**
 * Copies one pipe to the shim's original stdout or stderr, every byte and first, then offers a
 * copy to the splitter. Reads 64 KiB at a time; a partial line is flushed after 100 ms without
 * new bytes. A failing original (its reader gone) is no longer written; the pipe is still drained
 * so that the task never blocks on it. It ends at the pipe's end, or when the stop descriptor
 * becomes readable (its write end closed): a process the task left behind may hold the pipe
 * open for ever, and a thread left waiting in native code holds up the JVM's exit.
 */
final class Pump implements Runnable {
    static final int READ_BYTES = 64 << 10;
    static final int IDLE_MILLIS = 100;

    private final int readFd;
    private final int originalFd;
    private final int stopFd;
    private final LineSplitter splitter;
    private boolean originalBroken;

    /** @param stopFd the read end of a pipe whose write end is closed to stop the pump (never written) */
    Pump(int readFd, int originalFd, int stopFd, LineSplitter splitter) {
        this.readFd = readFd;
        this.originalFd = originalFd;
        this.stopFd = stopFd;
        this.splitter = splitter;
    }

    @Override
    public void run() {
        Memory buffer = new Memory(READ_BYTES);
        Memory pollFds = new Memory(16);
        byte[] copy = new byte[READ_BYTES];
        try {
            while (true) {
                int ready = await(pollFds, readFd, Posix.POLLIN, splitter.hasPartial() ? IDLE_MILLIS : -1);
                if (ready == STOP) {
                    break;
                }
                if (ready == IDLE) {
                    splitter.flush();
                    continue;
                }
                long n = read(buffer);
                if (n <= 0) {
                    break;
                }
                boolean stopped = !writeOriginal(buffer, pollFds, n);
                long now = System.currentTimeMillis();
                buffer.read(0, copy, 0, (int) n);
                splitter.accept(copy, 0, (int) n, now);
                if (stopped) {
                    break;
                }
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

    /** False when stopped while the original would not take more (a non-blocking one that is full). */
    private boolean writeOriginal(Memory buffer, Memory pollFds, long n) {
        long done = 0;
        while (done < n && !originalBroken) {
            try {
                done += Posix.write(originalFd, buffer.share(done), n - done);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Posix.EAGAIN) {
                    if (await(pollFds, originalFd, Posix.POLLOUT, -1) == STOP) {
                        return false;
                    }
                } else if (e.getErrorCode() != Posix.EINTR) {
                    originalBroken = true;
                }
            }
        }
        return true;
    }

    private static final int IDLE = 0;
    private static final int READY = 1;
    private static final int STOP = 2;

    /**
     * Waits up to {@code millis} (-1: no limit) until {@code fd} is ready for {@code events} (READY)
     * or the stop descriptor is readable (STOP, first: a writer left behind may never pause); IDLE
     * when neither.
     */
    private int await(Memory fds, int fd, short events, int millis) {
        fds.setInt(0, fd);
        fds.setShort(4, events);
        fds.setShort(6, (short) 0);
        fds.setInt(8, stopFd);
        fds.setShort(12, Posix.POLLIN);
        fds.setShort(14, (short) 0);
        while (true) {
            try {
                if (Posix.poll(fds, 2, millis) == 0) {
                    return IDLE;
                }
                return fds.getShort(14) != 0 ? STOP : READY;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Posix.EINTR) {
                    // Not expected for two valid descriptors; the read or write then says what is wrong.
                    return READY;
                }
            }
        }
    }
}
