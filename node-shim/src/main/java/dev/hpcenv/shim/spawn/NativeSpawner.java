package dev.hpcenv.shim.spawn;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.StringArray;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starts a program with posix_spawn so that chosen inherited descriptors reach it (the JVM's
 * ProcessBuilder closes every descriptor above 2 in its children). The child gets stdio, the
 * given moves (source descriptor -> target number) and nothing else, default signal handling
 * and an empty signal mask. JNA's native part is unpacked into a private directory of the
 * shim's (never into $HOME) and deleted as soon as it is loaded.
 */
public final class NativeSpawner {
    private NativeSpawner() {}

    /**
     * Call before the first native call.
     *
     * @param privateDir a directory only this user can write (the shim's runtime directory)
     */
    public static void prepare(Path privateDir) {
        if (System.getProperty("jna.boot.library.path") == null && System.getProperty("jna.tmpdir") == null) {
            System.setProperty("jna.tmpdir", privateDir.toString());
        }
    }

    /** Loads JNA, its native part and the classes a spawn uses, for the AppCDS training run. */
    public static void loadForClassArchive(Path privateDir) {
        prepare(privateDir);
        try {
            SpawnedProcess p = spawn(List.of("true"), Map.of("PATH", "/usr/bin:/bin"), List.of());
            p.waitFor();
            p.signal(0);
        } catch (IOException | RuntimeException | LinkageError e) {
            // Training only: the archive is then just without these classes.
        }
    }

    /**
     * @param moves pairs {source, target}; targets are 3, 4, ... in order, descriptors above the
     *              last target are closed
     */
    public static SpawnedProcess spawn(List<String> command, Map<String, String> env, List<int[]> moves)
            throws IOException {
        Memory actions = new Memory(LibC.FILE_ACTIONS_SIZE);
        Memory attr = new Memory(LibC.SPAWNATTR_SIZE);
        Memory empty = new Memory(LibC.SIGSET_SIZE);
        Memory all = new Memory(LibC.SIGSET_SIZE);
        check(LibC.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
        try {
            check(LibC.posix_spawnattr_init(attr), "posix_spawnattr_init");
            try {
                addMoves(actions, moves);
                LibC.sigemptyset(empty);
                LibC.sigfillset(all);
                check(LibC.posix_spawnattr_setsigmask(attr, empty), "posix_spawnattr_setsigmask");
                check(LibC.posix_spawnattr_setsigdefault(attr, all), "posix_spawnattr_setsigdefault");
                check(
                        LibC.posix_spawnattr_setflags(
                                attr, (short) (LibC.POSIX_SPAWN_SETSIGDEF | LibC.POSIX_SPAWN_SETSIGMASK)),
                        "posix_spawnattr_setflags");
                IntByReference pid = new IntByReference();
                String[] envp = env.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new);
                int rc = LibC.posix_spawnp(
                        pid,
                        command.get(0),
                        actions,
                        attr,
                        new StringArray(command.toArray(String[]::new)),
                        new StringArray(envp));
                if (rc != 0) {
                    throw new IOException(command.get(0) + ": " + describe(rc));
                }
                return new SpawnedProcess(pid.getValue());
            } finally {
                LibC.posix_spawnattr_destroy(attr);
            }
        } finally {
            LibC.posix_spawn_file_actions_destroy(actions);
        }
    }

    /**
     * Each source goes first to a number above every source and target, then to its target, so
     * that a source which is another one's target (PMI_FD=3 and X=4 -> 4, 3) is not overwritten.
     */
    private static void addMoves(Memory actions, List<int[]> moves) throws IOException {
        int scratch = 3 + moves.size();
        for (int[] m : moves) {
            scratch = Math.max(scratch, m[0] + 1);
        }
        for (int i = 0; i < moves.size(); i++) {
            check(LibC.posix_spawn_file_actions_adddup2(actions, moves.get(i)[0], scratch + i), "adddup2");
        }
        for (int i = 0; i < moves.size(); i++) {
            check(LibC.posix_spawn_file_actions_adddup2(actions, scratch + i, moves.get(i)[1]), "adddup2");
        }
        check(LibC.posix_spawn_file_actions_addclosefrom_np(actions, 3 + moves.size()), "addclosefrom_np");
    }

    private static void check(int rc, String what) throws IOException {
        if (rc != 0) {
            throw new IOException(what + ": " + describe(rc));
        }
    }

    private static String describe(int errno) {
        return switch (errno) {
            case 2 -> "not found";
            case 13 -> "permission denied";
            case 9 -> "bad file descriptor";
            default -> "error " + errno;
        };
    }

    /** A child started by {@link #spawn}: waited for with waitpid, signalled with kill. */
    public static final class SpawnedProcess {
        private final int pid;

        SpawnedProcess(int pid) {
            this.pid = pid;
        }

        public int pid() {
            return pid;
        }

        /** Blocks until the child ends; the status as a shell reports it. */
        public int waitFor() {
            IntByReference status = new IntByReference();
            while (true) {
                try {
                    LibC.waitpid(pid, status, 0);
                    return ExitStatus.decode(status.getValue());
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != LibC.EINTR) {
                        throw new IllegalStateException("waitpid " + pid + ": errno " + e.getErrorCode());
                    }
                }
            }
        }

        /**
         * Waits up to {@code millis} for the child to end, leaving it to {@link #waitFor} to collect
         * (an unreaped child stays a zombie, so its pid cannot be reused meanwhile). True if it ended.
         */
        public boolean awaitExit(long millis) throws InterruptedException {
            long deadline = System.nanoTime() + millis * 1_000_000;
            Path stat = Path.of("/proc", Integer.toString(pid), "stat");
            long pause = 1;
            while (true) {
                try {
                    String s = java.nio.file.Files.readString(stat);
                    char state = s.charAt(s.lastIndexOf(')') + 2);
                    if (state == 'Z' || state == 'X') {
                        return true;
                    }
                } catch (IOException e) {
                    return true;
                }
                if (System.nanoTime() >= deadline) {
                    return false;
                }
                Thread.sleep(pause);
                pause = Math.min(pause * 2, 20);
            }
        }

        /** False when the child is already gone. */
        public boolean signal(int number) {
            try {
                LibC.kill(pid, number);
                return true;
            } catch (LastErrorException e) {
                return false;
            }
        }
    }
}
