package dev.hpcenv.kube.embedded;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the real kubectl against a kubeconfig, with its own HOME and discovery cache in a temporary
 * folder so nothing is left in the user's ~/.kube and no cache is shared between tests.
 */
final class Kubectl {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final Path executable;
    private final Path kubeconfig;
    private final Path home;

    Kubectl(Path kubeconfig, Path home) {
        this.executable = find();
        this.kubeconfig = kubeconfig;
        this.home = home;
    }

    /** The result of one kubectl run. */
    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    /** A kubectl still running (wait, delete): finish it with {@link #await}. */
    final class Running {
        private final Process process;
        private final Path out;
        private final Path err;

        private Running(Process process, Path out, Path err) {
            this.process = process;
            this.out = out;
            this.err = err;
        }

        boolean isAlive() {
            return process.isAlive();
        }

        /** What it has written to stdout so far (it still runs). */
        String stdoutSoFar() throws IOException {
            return Files.readString(out);
        }

        Result await(Duration timeout) throws IOException, InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("kubectl did not finish within " + timeout + "\n"
                        + new Result(-1, Files.readString(out), Files.readString(err)));
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        }

        void kill() throws InterruptedException {
            process.destroyForcibly().waitFor();
        }
    }

    Result run(String... args) throws IOException, InterruptedException {
        return start(args).await(DEFAULT_TIMEOUT);
    }

    /** Runs and asserts exit code 0, returning stdout. */
    String ok(String... args) throws IOException, InterruptedException {
        Result result = run(args);
        if (result.exitCode() != 0) {
            throw new AssertionError("kubectl " + String.join(" ", args) + " failed\n" + result);
        }
        return result.stdout();
    }

    Running start(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.add("--kubeconfig=" + kubeconfig);
        command.add("--cache-dir=" + home.resolve("cache"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(home, "kubectl", ".out");
        Path err = Files.createTempFile(home, "kubectl", ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        Map<String, String> env = builder.environment();
        env.remove("KUBECONFIG");
        env.put("HOME", home.toString());
        return new Running(builder.start(), out, err);
    }

    private static Path find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        Path fallback = Path.of("/usr/bin/kubectl");
        Assumptions.assumeTrue(
                Files.isExecutable(fallback),
                "kubectl not found on PATH: these tests need the real kubectl (v1.32 client); see dev/install-deps.sh");
        return fallback;
    }
}
