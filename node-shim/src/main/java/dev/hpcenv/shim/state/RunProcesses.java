package dev.hpcenv.shim.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * Finds the processes of one run after its shim has died. Killed shims' children are reparented
 * out of the shim's (and Slurm's proctrack/linuxproc's) process tree, and FUSE daemons detach by
 * design, so the tree cannot name them. Two marks can:
 * <ul>
 * <li>every helper the shim starts (runc and its unshare/sh/setpriv chain, squashfuse_ll,
 * fuse-overlayfs, skopeo, ...) carries {@value #VARIABLE}=OWNER in its environment;</li>
 * <li>the container's own processes (which get the bundle's environment, not the shim's) share
 * the container's mount namespace, whose id the shim records beside the runtime's pid.</li>
 * </ul>
 * Only processes this user may read are seen; that is every process of the run.
 */
public final class RunProcesses {
    public static final String VARIABLE = "HPCENV_SHIM_OWNER";
    private static final Path PROC = Path.of("/proc");
    private static volatile String self;

    private RunProcesses() {}

    /** The mark of this shim's helpers: {@value #VARIABLE} and this process's owner id. */
    public static void mark(Map<String, String> env) {
        String s = self;
        if (s == null) {
            s = OwnerId.current().toString();
            self = s;
        }
        env.put(VARIABLE, s);
    }

    /** Live processes started by {@code owner}'s shim, other than this process. */
    public static List<Long> markedBy(OwnerId owner) {
        byte[] needle = (VARIABLE + "=" + owner + "\0").getBytes(StandardCharsets.US_ASCII);
        return scan(pid -> {
            try {
                return contains(
                        Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("environ")), needle);
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** Live processes whose command line contains {@code text} (world-readable, whoever runs them). */
    public static List<Long> withCommandLineContaining(String text) {
        return scan(pid -> commandLine(pid).contains(text));
    }

    /** Live processes in the mount namespace {@code ns} (as /proc/PID/ns/mnt reads, e.g. mnt:[4026532301]). */
    public static List<Long> inMountNamespace(String ns) {
        return scan(pid -> ns.equals(mountNamespace(pid)));
    }

    /** The mount namespace of {@code pid}, or null if it is gone or not ours to read. */
    public static String mountNamespace(long pid) {
        try {
            return Files.readSymbolicLink(PROC.resolve(Long.toString(pid)).resolve("ns/mnt"))
                    .toString();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** The command line of {@code pid}, arguments separated by spaces ("" if gone). */
    public static String commandLine(long pid) {
        try {
            return new String(
                            Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline")),
                            StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    private static List<Long> scan(LongPredicate match) {
        long me = ProcessHandle.current().pid();
        List<Long> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(PROC)) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(name);
                } catch (NumberFormatException e) {
                    continue;
                }
                if (pid != me && match.test(pid)) {
                    out.add(pid);
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            // entries start at 0 or after a NUL
            if (i > 0 && hay[i - 1] != 0) {
                continue;
            }
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
