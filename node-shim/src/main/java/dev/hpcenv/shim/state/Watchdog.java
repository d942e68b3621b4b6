package dev.hpcenv.shim.state;

import dev.hpcenv.shim.error.IoErrors;
import dev.hpcenv.shim.log.ShimLog;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Cleans up after a shim that is killed (SIGKILL, the OOM killer) instead of leaving its
 * container, runtime, FUSE daemons, mounts and state to the user's next job on the node. A small
 * {@code sh} child holds a pipe from the shim: a shim that finishes writes {@code done} and the
 * watchdog exits; a shim that dies closes the pipe without it, and the watchdog execs {@code
 * hpcenv-shim janitor --after OWNER}, which waits for the shim to be gone and removes everything of
 * its run ({@link Janitor}). Costs one fork and a shell's memory per task; the JVM of the janitor
 * starts only after a death. The watchdog ignores SIGINT/SIGTERM/SIGHUP, which go to the shim (it
 * then cleans up itself and says done). The next shim's janitor stays the backstop, for a
 * watchdog killed together with its shim.
 */
public final class Watchdog implements AutoCloseable {
    /** Constant: the janitor's command line comes as arguments, never as script text. */
    static final String SCRIPT =
            "trap '' INT TERM HUP; read -r word || word=; [ \"$word\" = done ] && exit 0; " + "exec \"$@\"";

    private static final String MAIN_CLASS = "dev.hpcenv.shim.cli.ShimCli";
    private final Process process;

    private Watchdog(Process process) {
        this.process = process;
    }

    /** Starts the watchdog of this shim (owner {@code owner}); null, after one debug line, if it cannot. */
    public static Watchdog arm(OwnerId owner) {
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", SCRIPT, "sh"));
        cmd.addAll(shimCommand());
        cmd.addAll(List.of("janitor", "--after", owner.toString()));
        try {
            // Not marked as a helper of this run: the janitor it becomes must not be among the
            // processes it kills. stdout is the job's; the janitor's warnings go to stderr.
            Process p = new ProcessBuilder(cmd)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            return new Watchdog(p);
        } catch (IOException e) {
            ShimLog.debug("watchdog", "error", IoErrors.describe(e));
            return null;
        }
    }

    /**
     * The command that starts another shim as this one was started (its JVM, options, class path
     * and class archive), without any arguments: the janitor, a service's own {@code run}.
     */
    public static List<String> shimCommand() {
        return janitorCommand(ownCommandLine(), System.getProperty("java.home"), System.getProperty("java.class.path"));
    }

    /**
     * The JVM and options of this shim up to the main class (or {@code -jar JAR}), so that the
     * janitor starts as the shim did (class path, class archive); a class-archive dump option is
     * dropped (the janitor would overwrite the archive). Falls back to java.home and the class path.
     */
    static List<String> janitorCommand(List<String> own, String javaHome, String classPath) {
        for (int i = 0; i < own.size(); i++) {
            boolean mainClass = own.get(i).equals(MAIN_CLASS);
            boolean jar = own.get(i).equals("-jar") && i + 1 < own.size();
            if (mainClass || jar) {
                List<String> out = new ArrayList<>();
                for (String a : own.subList(0, mainClass ? i + 1 : i + 2)) {
                    if (!a.startsWith("-XX:ArchiveClassesAtExit")) {
                        out.add(a);
                    }
                }
                return out;
            }
        }
        return List.of(
                Path.of(javaHome, "bin", "java").toString(),
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                classPath,
                MAIN_CLASS);
    }

    private static List<String> ownCommandLine() {
        try {
            String raw = new String(Files.readAllBytes(Path.of("/proc/self/cmdline")), StandardCharsets.UTF_8);
            return List.of(raw.split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** This shim has cleaned up: the watchdog exits without doing anything. */
    @Override
    public void close() {
        try (OutputStream in = process.getOutputStream()) {
            in.write("done\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // the watchdog is gone already: nothing left to tell it
        }
    }
}
