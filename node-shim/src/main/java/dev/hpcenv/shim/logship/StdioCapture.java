package dev.hpcenv.shim.logship;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Puts pipes in place of the shim's descriptors 1 and 2, so that the shim, the runtime and the
 * container (which inherit them) all write into the pumps; the originals are kept and every byte
 * goes there first. When stdout and stderr are one file (sbatch's default), one pipe serves both
 * so that their order in the file stays as written; their records are then all stdout.
 */
final class StdioCapture {
    private static final int PIPE_BYTES = 1 << 20;
    /** How long stopped pumps get to leave native code (they leave at once unless a write to the original blocks). */
    static final long STOP_MILLIS = 100;

    private final int originalOut;
    private final int originalErr;
    private final int[] stop;
    private final List<Thread> pumps;

    private StdioCapture(int originalOut, int originalErr, int[] stop, List<Thread> pumps) {
        this.originalOut = originalOut;
        this.originalErr = originalErr;
        this.stop = stop;
        this.pumps = pumps;
    }

    /** Whether the shim's stdout is a terminal (interactive srun --pty): nothing is captured then. */
    static boolean stdoutIsTerminal() {
        return Posix.isatty(1) == 1;
    }

    static StdioCapture start(RecordBuffer buffer) {
        System.out.flush();
        System.err.flush();
        int out = Posix.fcntl(1, Posix.F_DUPFD_CLOEXEC, 10);
        int err;
        try {
            err = Posix.fcntl(2, Posix.F_DUPFD_CLOEXEC, 10);
        } catch (LastErrorException e) {
            Posix.close(out);
            throw e;
        }
        List<Thread> pumps = new ArrayList<>();
        int[] stop = {-1, -1};
        try {
            Posix.pipe2(stop, Posix.O_CLOEXEC);
            if (sameFile(1, 2)) {
                pumps.add(redirect(new int[] {1, 2}, out, stop[0], new LineSplitter(Records.STDOUT, buffer), "stdio"));
            } else {
                pumps.add(redirect(new int[] {1}, out, stop[0], new LineSplitter(Records.STDOUT, buffer), "stdout"));
                pumps.add(redirect(new int[] {2}, err, stop[0], new LineSplitter(Records.STDERR, buffer), "stderr"));
            }
        } catch (LastErrorException e) {
            // Half set up: the shim's output goes where it went before, and nothing is captured.
            Posix.dup2(out, 1);
            Posix.dup2(err, 2);
            if (stop[1] >= 0) {
                // Ends a pump already started.
                Posix.close(stop[1]);
            }
            throw e;
        }
        return new StdioCapture(out, err, stop, pumps);
    }

    private static Thread redirect(int[] targets, int original, int stopFd, LineSplitter splitter, String name) {
        int[] fds = new int[2];
        Posix.pipe2(fds, Posix.O_CLOEXEC);
        try {
            // A larger pipe: fewer wake-ups of the pump for a task that writes fast (the limit may refuse).
            Posix.fcntl(fds[1], Posix.F_SETPIPE_SZ, PIPE_BYTES);
        } catch (LastErrorException ignored) {
            // the default size works too
        }
        Thread pump = new Thread(new Pump(fds[0], original, stopFd, splitter), "hpcenv-log-" + name);
        pump.setDaemon(true);
        pump.start();
        for (int t : targets) {
            Posix.dup2(fds[1], t);
        }
        Posix.close(fds[1]);
        return pump;
    }

    /**
     * Gives descriptors 1 and 2 back their originals, then waits up to {@code millis} for the pipes'
     * other writers (a process the task left behind may hold them) and the pumps to finish; then
     * stops the pumps, so that none is left waiting in native code when the JVM exits (its exit
     * waits about 300 ms for such threads).
     */
    void restoreAndDrain(long millis) throws InterruptedException {
        System.out.flush();
        System.err.flush();
        Posix.dup2(originalOut, 1);
        Posix.dup2(originalErr, 2);
        joinAll(millis);
        Posix.close(stop[1]);
        if (joinAll(STOP_MILLIS)) {
            Posix.close(stop[0]);
        }
    }

    /** Whether every pump has ended within {@code millis}. */
    private boolean joinAll(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        for (Thread pump : pumps) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left > 0) {
                pump.join(left);
            }
        }
        return pumps.stream().noneMatch(Thread::isAlive);
    }

    private static boolean sameFile(int a, int b) {
        try {
            return Objects.equals(key(a), key(b));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static List<Object> key(int fd) throws IOException {
        Path p = Path.of("/proc/self/fd/" + fd);
        return List.of(Files.getAttribute(p, "unix:dev"), Files.getAttribute(p, "unix:ino"));
    }
}
