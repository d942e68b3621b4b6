package dev.hpcenv.shim.logship;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/** The glibc calls of output capture (JNA direct mapping, loaded only when logs are shipped). */
final class Posix {
    static final int O_CLOEXEC = 0x80000;
    static final int F_DUPFD_CLOEXEC = 1030;
    static final int F_SETPIPE_SZ = 1031;
    static final short POLLIN = 0x1;
    static final short POLLOUT = 0x4;
    static final int EINTR = 4;
    static final int EAGAIN = 11;

    /** JNA's search path for libraries by name; libc, the only one the shim maps, is taken from the process. */
    static final String PLATFORM_PATH = "jna.platform.library.path";

    static {
        // Unset, JNA learns its search path by running `ldconfig -p` (a process: tens of ms before the
        // task starts). Linux's "c" never uses it: JNA maps it to the process's own symbols.
        if (System.getProperty(PLATFORM_PATH) == null) {
            System.setProperty(PLATFORM_PATH, "");
        }
        Native.register(NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private Posix() {}

    static native int pipe2(int[] fds, int flags) throws LastErrorException;

    static native int fcntl(int fd, int cmd, int arg) throws LastErrorException;

    static native int dup2(int from, int to) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native long read(int fd, Pointer buf, long count) throws LastErrorException;

    static native long write(int fd, Pointer buf, long count) throws LastErrorException;

    static native int poll(Pointer fds, long count, int timeoutMillis) throws LastErrorException;

    static native int isatty(int fd);
}
