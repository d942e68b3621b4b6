package dev.hpcenv.operator.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The real kubectl, with the repository's bin/ on PATH so that {@code kubectl hpcenv ...} runs the
 * plugin as a user's shell would: each line of its output with the instant it arrived.
 */
final class KubectlRun implements AutoCloseable {

    record Line(String text, Instant arrived) {}

    private final Process process;
    private final List<Line> out = new CopyOnWriteArrayList<>();
    private final StringBuilder err = new StringBuilder();
    private final Thread outReader;
    private final Thread errReader;
    private final List<String> command;

    private KubectlRun(List<String> command, Process process) {
        this.command = command;
        this.process = process;
        this.outReader = reader(process.getInputStream(), line -> out.add(new Line(line, Instant.now())));
        this.errReader = reader(process.getErrorStream(), line -> {
            synchronized (err) {
                err.append(line).append('\n');
            }
        });
    }

    static KubectlRun start(Path kubeconfig, String... args) {
        Path root = Path.of(System.getProperty("hpcenv.root", ".."))
                .toAbsolutePath()
                .normalize();
        List<String> command = new ArrayList<>(List.of("kubectl"));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        builder.environment().put("PATH", root.resolve("bin") + ":" + System.getenv("PATH"));
        try {
            return new KubectlRun(command, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        }
    }

    /** Runs it to its end (at most {@code timeout}). */
    static KubectlRun run(Path kubeconfig, Duration timeout, String... args) {
        KubectlRun run = start(kubeconfig, args);
        run.await(timeout);
        return run;
    }

    private static Thread reader(InputStream in, java.util.function.Consumer<String> sink) {
        Thread t = new Thread(
                () -> {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = r.readLine()) != null) {
                            sink.accept(line);
                        }
                    } catch (IOException e) {
                        // the process ended
                    }
                },
                "kubectl-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    int await(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(command + " did not end within " + timeout + "\n" + describe());
            }
            outReader.join(5000);
            errReader.join(5000);
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    int exitCode() {
        return process.exitValue();
    }

    List<Line> lines() {
        return List.copyOf(out);
    }

    List<String> texts() {
        return out.stream().map(Line::text).toList();
    }

    String stderr() {
        synchronized (err) {
            return err.toString();
        }
    }

    String describe() {
        List<String> texts = texts();
        return String.join(" ", command) + "\n--- stdout (" + texts.size() + " lines, last 40) ---\n"
                + String.join("\n", texts.subList(Math.max(0, texts.size() - 40), texts.size()))
                + "\n--- stderr ---\n" + stderr();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
