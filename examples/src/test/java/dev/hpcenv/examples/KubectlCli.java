package dev.hpcenv.examples;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real kubectl against one kubeconfig, with a HOME and discovery cache of its own (nothing in the
 * user's ~/.kube, no cache shared between API servers).
 */
final class KubectlCli {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final String server;
    private final Path kubeconfig;
    private final Path home;

    KubectlCli(String server, Path kubeconfig, Path home) {
        this.server = server;
        this.kubeconfig = kubeconfig;
        this.home = home;
    }

    record Result(String command, int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return command + "\nexit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    /** A kubectl still running (wait): finish it with {@link #await}. */
    final class Running {
        private final String command;
        private final Process process;
        private final Path out;
        private final Path err;

        private Running(String command, Process process, Path out, Path err) {
            this.command = command;
            this.process = process;
            this.out = out;
            this.err = err;
        }

        Result await() throws IOException, InterruptedException {
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(server + ": kubectl did not finish within " + TIMEOUT + ": " + command);
            }
            return new Result(
                    command,
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        }
    }

    String server() {
        return server;
    }

    Result run(String... args) throws IOException, InterruptedException {
        return start(args).await();
    }

    /** Runs and requires exit 0; returns stdout. */
    String ok(String... args) throws IOException, InterruptedException {
        Result result = run(args);
        if (result.exitCode() != 0) {
            throw new AssertionError(server + ": kubectl failed\n" + result);
        }
        return result.stdout();
    }

    Running start(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(executable().toString());
        command.add("--kubeconfig=" + kubeconfig);
        command.add("--cache-dir=" + home.resolve("cache"));
        command.addAll(List.of(args));
        Files.createDirectories(home);
        Path out = Files.createTempFile(home, "kubectl", ".out");
        Path err = Files.createTempFile(home, "kubectl", ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().remove("KUBECONFIG");
        builder.environment().put("HOME", home.toString());
        return new Running("kubectl " + String.join(" ", args), builder.start(), out, err);
    }

    private static Path executable() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        Assumptions.abort("kubectl not found on PATH: these tests run the real kubectl; see dev/install-deps.sh");
        return null;
    }
}
