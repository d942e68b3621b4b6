package dev.hpcenv.shim.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Finding and signalling the shim's JVM (under runuser when run as the test user) and containers. */
public final class ShimProcesses {
    private ShimProcesses() {}

    /** The shim's own JVM: the process itself, or its descendant when started through runuser/env. */
    public static ProcessHandle shimJvm(Process p) {
        return Stream.concat(Stream.of(p.toHandle()), p.descendants())
                .filter(h -> isShimJvm(cmdline(h.pid())))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no shim JVM under pid " + p.pid()));
    }

    public static void signal(ProcessHandle h, String signal) throws IOException, InterruptedException {
        Processes.runOk(List.of("kill", "-s", signal, Long.toString(h.pid())), null);
    }

    /** Shim JVMs, started by class or by the launcher's jar, whose arguments contain {@code arguments}. */
    public static List<Long> shimsWithArguments(String arguments) {
        return withCommandLine(arguments).stream()
                .filter(pid -> isShimJvm(cmdline(pid)))
                .toList();
    }

    private static boolean isShimJvm(String cmdline) {
        return cmdline.startsWith("java ")
                && (cmdline.contains("dev.hpcenv.shim.cli.ShimCli ") || cmdline.contains("/hpcenv-shim.jar "));
    }

    /** Processes whose command line contains {@code text} (arguments separated by spaces). */
    public static List<Long> withCommandLine(String text) {
        return ProcessHandle.allProcesses()
                .map(ProcessHandle::pid)
                .filter(pid -> cmdline(pid).contains(text))
                .toList();
    }

    /** The command line of {@code pid}, arguments separated by spaces ("" once it is gone). */
    public static String commandLine(long pid) {
        return cmdline(pid);
    }

    static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    public static Optional<Long> first(String text) {
        return withCommandLine(text).stream().findFirst();
    }
}
