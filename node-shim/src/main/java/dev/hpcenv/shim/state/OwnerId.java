package dev.hpcenv.shim.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A process identified by pid and start time (clock ticks since boot, from /proc), so that a
 * recycled pid is not mistaken for the shim that created some state. Written into names of
 * directories and marker files. Read from /proc directly: it is on every start's path, and
 * ProcessHandle's info costs more than the rest of the check.
 */
public record OwnerId(long pid, long startTicks) {
    public static OwnerId current() {
        return stat("self").orElseThrow(() -> new IllegalStateException("/proc/self/stat is not readable"));
    }

    /** The process {@code pid} now, if it runs. */
    public static Optional<OwnerId> of(long pid) {
        return stat(Long.toString(pid));
    }

    /** Parses {@code PID-STARTTICKS}; empty for names that are not owner ids. */
    public static Optional<OwnerId> parse(String name) {
        int dash = name.indexOf('-');
        if (dash <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    new OwnerId(Long.parseLong(name.substring(0, dash)), Long.parseLong(name.substring(dash + 1))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** True while the same process (not a later one with the recycled pid) runs; zombies are dead. */
    public boolean isAlive() {
        return stat(Long.toString(pid)).map(s -> s.startTicks == startTicks).orElse(false);
    }

    private static Optional<OwnerId> stat(String pid) {
        String s;
        try {
            s = Files.readString(Path.of("/proc", pid, "stat"));
        } catch (IOException e) {
            return Optional.empty();
        }
        // "PID (COMM) STATE PPID ..." where COMM may hold spaces and parentheses: split after the last ')'.
        int close = s.lastIndexOf(')');
        String[] f = s.substring(close + 2).split(" ");
        if (f[0].equals("Z") || f[0].equals("X")) {
            return Optional.empty();
        }
        // starttime is field 22 of stat, i.e. index 19 after "PID (COMM)".
        return Optional.of(new OwnerId(Long.parseLong(s.substring(0, s.indexOf(' '))), Long.parseLong(f[19])));
    }

    @Override
    public String toString() {
        return pid + "-" + startTicks;
    }
}
