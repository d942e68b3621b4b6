package dev.hpcenv.shim.spawn;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import com.sun.jna.ptr.IntByReference;

/**
 * The few glibc functions the shim calls (JNA direct mapping: no proxies, so little start-up).
 * posix_spawn_file_actions_addclosefrom_np needs glibc 2.34 (Debian 12 has 2.36).
 */
final class LibC {
    static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    static final int EINTR = 4;
    static final int ESRCH = 3;
    /** Generous upper bounds of glibc's opaque types on 64-bit Linux (80, 336 and 128 bytes). */
    static final int FILE_ACTIONS_SIZE = 256;

    static final int SPAWNATTR_SIZE = 512;
    static final int SIGSET_SIZE = 256;

    static {
        Native.register(NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private LibC() {}

    static native int posix_spawnp(
            IntByReference pid, String file, Pointer fileActions, Pointer attr, StringArray argv, StringArray envp);

    static native int posix_spawn_file_actions_init(Pointer fileActions);

    static native int posix_spawn_file_actions_adddup2(Pointer fileActions, int fd, int newFd);

    static native int posix_spawn_file_actions_addclosefrom_np(Pointer fileActions, int from);

    static native int posix_spawn_file_actions_destroy(Pointer fileActions);

    static native int posix_spawnattr_init(Pointer attr);

    static native int posix_spawnattr_setflags(Pointer attr, short flags);

    static native int posix_spawnattr_setsigmask(Pointer attr, Pointer set);

    static native int posix_spawnattr_setsigdefault(Pointer attr, Pointer set);

    static native int posix_spawnattr_destroy(Pointer attr);

    static native int sigemptyset(Pointer set);

    static native int sigfillset(Pointer set);

    static native int waitpid(int pid, IntByReference status, int options) throws LastErrorException;

    static native int kill(int pid, int signal) throws LastErrorException;
}
