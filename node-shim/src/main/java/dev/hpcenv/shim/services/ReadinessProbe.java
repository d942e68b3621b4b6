package dev.hpcenv.shim.services;

import dev.hpcenv.shim.state.RunProcesses;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One try of a readiness check. {@code tcpPort}: a TCP connect to 127.0.0.1 (containers share the
 * node's network namespace). {@code command}: the argv run inside the service's running container,
 * by {@code nsenter} into its user namespace (where it has one of its own, which the job user owns)
 * and mount namespace, with the container's root and working directory, keeping the caller's ids
 * (the job user's, as the service runs), and with the environment the service's process started with
 * (its environment's env, the site's variables expanded: a check such as {@code sampler --ready}
 * finds what the service finds). No shell, no runtime state to read.
 */
final class ReadinessProbe {
    static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private ReadinessProbe() {}

    /** True when the port takes a connection within {@code millis}. */
    static boolean tcp(int port, int millis) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), millis);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The nsenter command line that runs {@code argv} in the container whose init is {@code pid}. */
    static List<String> nsenterCommand(long pid, boolean ownUserNamespace, List<String> argv) {
        List<String> cmd = new ArrayList<>(List.of("nsenter", "--target", Long.toString(pid)));
        if (ownUserNamespace) {
            cmd.addAll(List.of("--user", "--preserve-credentials"));
        }
        cmd.addAll(List.of("--mount", "--root", "--wd", "--"));
        cmd.addAll(argv);
        return cmd;
    }

    /**
     * The environment process {@code pid} started with ({@code /proc/PID/environ}); empty when it cannot
     * be read (the process ended). The job user may read it: the container's process is the job user's.
     */
    static Map<String, String> startEnvironment(long pid) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
        } catch (IOException | SecurityException e) {
            return Map.of();
        }
        return parseEnviron(raw);
    }

    /** NUL-separated NAME=VALUE entries, as the kernel keeps a process's start environment. */
    static Map<String, String> parseEnviron(byte[] raw) {
        Map<String, String> env = new HashMap<>();
        int start = 0;
        for (int i = 0; i <= raw.length; i++) {
            if (i == raw.length || raw[i] == 0) {
                if (i > start) {
                    String entry = new String(raw, start, i - start, java.nio.charset.StandardCharsets.UTF_8);
                    int eq = entry.indexOf('=');
                    if (eq > 0) {
                        env.put(entry.substring(0, eq), entry.substring(eq + 1));
                    }
                }
                start = i + 1;
            }
        }
        return env;
    }

    /** True when {@code argv} exits 0 in the container of {@code pid} within {@code millis}. */
    static boolean command(long pid, List<String> argv, Map<String, String> serviceEnv, long millis)
            throws InterruptedException {
        boolean ownUserNs;
        try {
            ownUserNs = !Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", "user"))
                    .equals(Files.readSymbolicLink(Path.of("/proc/self/ns/user")));
        } catch (IOException e) {
            return false;
        }
        ProcessBuilder pb = new ProcessBuilder(nsenterCommand(pid, ownUserNs, argv))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = new HashMap<>();
        env.put("PATH", PATH);
        env.putAll(serviceEnv);
        env.putAll(startEnvironment(pid));
        pb.environment().clear();
        pb.environment().putAll(env);
        RunProcesses.mark(pb.environment());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return false;
        }
        try {
            if (!p.waitFor(millis, TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor();
                return false;
            }
            return p.exitValue() == 0;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            throw e;
        }
    }
}
