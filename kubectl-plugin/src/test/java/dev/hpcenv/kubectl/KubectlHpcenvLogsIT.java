package dev.hpcenv.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl hpcenv logs} as users run it: the real kubectl finds the plugin on PATH (the
 * launcher bin/kubectl-hpcenv in an install prefix, with a jar of this build's classes), the plugin
 * runs the real kubectl, and kubectl talks to a fake API server whose requests the tests read.
 */
class KubectlHpcenvLogsIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String LOG = "/apis/logs.hpcenv.dev/v1alpha1/namespaces/";

    @TempDir
    Path home;

    private FakeApiServer api;
    private Path kubectl;
    private Path pluginBin;

    @BeforeEach
    void start() throws Exception {
        kubectl = findKubectl();
        api = new FakeApiServer();
        pluginBin = PluginInstall.intoPrefix(home.resolve("prefix"));
        Files.writeString(home.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: fake
                  cluster: {server: "%s"}
                users:
                - name: me
                  user: {token: fake-token}
                contexts:
                - name: fake
                  context: {cluster: fake, user: me, namespace: ml}
                - name: other
                  context: {cluster: fake, user: me, namespace: team-b}
                - name: no-namespace
                  context: {cluster: fake, user: me}
                current-context: fake
                """.formatted(api.url()));
    }

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void flags_become_the_api_query_and_the_body_is_printed() throws Exception {
        // Given
        api.onLog(exchange -> FakeApiServer.send(exchange, 200, "text/plain; charset=utf-8", "[node2/1] hello\n"));

        // When
        Result result = plugin(
                        "logs",
                        "train-1",
                        "--tail",
                        "5",
                        "--since=10m",
                        "--task=1",
                        "--node",
                        "node2",
                        "--timestamps",
                        "--prefix")
                .await();

        // Then
        assertThat(result.exitCode).as("%s", result).isZero();
        assertThat(result.stdout).isEqualTo("[node2/1] hello\n");
        // kubectl parses the query and encodes it again, parameters sorted by name ('+' for a space).
        assertThat(api.logRequests())
                .containsExactly(LOG + "ml/hpcjobs/train-1/log"
                        + "?node=node2&prefix=true&sinceSeconds=600&tailLines=5&task=1&timestamps=true");
    }

    @Test
    void raw_and_follow_map_to_the_query_and_the_namespace_follows_the_flags() throws Exception {
        // Given
        api.job("team-b", "j", "{\"phase\":\"Succeeded\",\"exitCode\":0}");
        api.job("x", "j", "{\"phase\":\"Succeeded\",\"exitCode\":0}");

        // When
        Result fromContext =
                plugin("logs", "j", "--context", "other", "-f", "--raw").await();
        Result explicit = plugin("logs", "-n", "x", "j").await();
        Result noNamespace = plugin("logs", "j", "--context=no-namespace").await();

        // Then
        assertThat(fromContext.exitCode).as("%s", fromContext).isZero();
        assertThat(explicit.exitCode).as("%s", explicit).isZero();
        assertThat(noNamespace.exitCode).as("%s", noNamespace).isZero();
        assertThat(api.logRequests())
                .containsExactly(
                        LOG + "team-b/hpcjobs/j/log?follow=true&raw=true",
                        LOG + "x/hpcjobs/j/log",
                        LOG + "default/hpcjobs/j/log");
    }

    @Test
    void follow_streams_each_line_as_it_comes_and_exits_with_the_jobs_exit_code() throws Exception {
        // Given: the fake writes one line, then waits until the test has seen it before writing more
        CountDownLatch firstSeen = new CountDownLatch(1);
        api.job("ml", "train-1", "{\"phase\":\"Failed\",\"exitCode\":3,\"slurmJobId\":\"42\"}");
        api.onLog(exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            body.write("first line\n".getBytes(StandardCharsets.UTF_8));
            body.flush();
            if (!firstSeen.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                body.write("TIMEOUT: the first line did not reach kubectl's stdout before the second was due\n"
                        .getBytes(StandardCharsets.UTF_8));
            }
            body.write("second line\n".getBytes(StandardCharsets.UTF_8));
            body.close();
        });

        // When
        Running running = plugin("logs", "train-1", "-f");
        running.awaitStdout("first line\n");
        String beforeSecond = running.stdout();
        firstSeen.countDown();
        Result result = running.await();

        // Then
        assertThat(beforeSecond).isEqualTo("first line\n");
        assertThat(result.stdout).as("%s", result).isEqualTo("first line\nsecond line\n");
        assertThat(result.exitCode).as("%s", result).isEqualTo(3);
        assertThat(api.logRequests()).containsExactly(LOG + "ml/hpcjobs/train-1/log?follow=true");
        assertThat(api.requests).contains("GET /apis/hpcenv.dev/v1alpha1/namespaces/ml/hpcjobs/train-1");
    }

    @Test
    void follow_of_a_succeeded_job_exits_0_and_of_a_cancelled_one_without_code_1() throws Exception {
        // Given
        api.job("ml", "ok", "{\"phase\":\"Succeeded\",\"exitCode\":0}");
        api.job("ml", "stopped", "{\"phase\":\"Cancelled\"}");

        // Then
        assertThat(plugin("logs", "ok", "-f").await().exitCode).isZero();
        assertThat(plugin("logs", "stopped", "-f").await().exitCode).isEqualTo(1);
    }

    @Test
    void a_404_shows_the_servers_message_and_fails() throws Exception {
        // Given
        api.onLog(exchange -> FakeApiServer.json(
                exchange, 404, FakeApiServer.status(404, "NotFound", "hpcjob ml/nope has no log (yet)")));

        // When
        Result result = plugin("logs", "nope", "-f").await();

        // Then
        assertThat(result.exitCode).as("%s", result).isEqualTo(1);
        assertThat(result.stderr).contains("hpcjob ml/nope has no log (yet)");
        assertThat(result.stdout).isEmpty();
        assertThat(api.requests).noneMatch(r -> r.contains("/hpcjobs/nope") && !r.contains("/log"));
    }

    @Test
    void a_403_shows_the_servers_message_and_fails() throws Exception {
        // Given
        api.onLog(exchange -> FakeApiServer.json(
                exchange,
                403,
                FakeApiServer.status(
                        403,
                        "Forbidden",
                        "hpcjobs.logs.hpcenv.dev \"secret\" is forbidden: User \"bob\" cannot get resource")));

        // When
        Result result = plugin("logs", "secret").await();

        // Then
        assertThat(result.exitCode).as("%s", result).isEqualTo(1);
        assertThat(result.stderr).contains("is forbidden: User \"bob\" cannot get resource");
    }

    @Test
    void a_bad_flag_is_refused_before_any_request_with_status_2() throws Exception {
        // When
        Result result = plugin("logs", "j", "--tail=ten").await();

        // Then
        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.stderr).isEqualTo("kubectl hpcenv logs: --tail: 'ten' is not " + LogsArguments.TAIL + "\n");
        assertThat(api.requests).isEmpty();
    }

    @Test
    void help_and_version_through_kubectl() throws Exception {
        // When
        Result help = plugin("--help").await();
        Result logsHelp = plugin("logs", "--help").await();
        Result version = plugin("version").await();

        // Then
        assertThat(help.exitCode).isZero();
        assertThat(help.stdout).contains("logs JOB");
        assertThat(logsHelp.stdout).contains("--since DURATION");
        assertThat(version.stdout).startsWith("kubectl-hpcenv ");
    }

    // --- the plugin as installed, and the real kubectl

    private static Path findKubectl() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        Assumptions.assumeTrue(
                false,
                "*** SKIPPED: kubectl not found on PATH: KubectlHpcenvLogsIT runs the real kubectl (v1.32 client);"
                        + " see dev/install-deps.sh");
        return null;
    }

    private Running plugin(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(kubectl.toString());
        command.add("hpcenv");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
        Map<String, String> env = builder.environment();
        env.put("HOME", home.toString());
        env.put("KUBECONFIG", home.resolve("kubeconfig").toString());
        env.remove("HPCENV_KUBECTL");
        env.remove("JAVA_HOME");
        Path java = Path.of(System.getProperty("java.home"), "bin");
        env.put(
                "PATH",
                pluginBin
                        + File.pathSeparator
                        + java
                        + File.pathSeparator
                        + kubectl.getParent()
                        + File.pathSeparator
                        + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        return new Running(builder.start());
    }

    /** What one kubectl run printed, and its exit status. */
    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    /** A running {@code kubectl hpcenv}: its output is read as it comes. */
    static final class Running {
        private final Process process;
        private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        private final Thread outReader;
        private final Thread errReader;

        Running(Process process) {
            this.process = process;
            closeQuietly(process.getOutputStream());
            outReader = copy(process.getInputStream(), stdout);
            errReader = copy(process.getErrorStream(), stderr);
        }

        private static void closeQuietly(OutputStream stdin) {
            try {
                stdin.close();
            } catch (IOException e) {
                // nothing to give the process anyway
            }
        }

        private Thread copy(InputStream in, ByteArrayOutputStream sink) {
            Thread thread = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try (in) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        synchronized (sink) {
                            sink.write(buffer, 0, n);
                            sink.notifyAll();
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
            thread.setDaemon(true);
            thread.start();
            return thread;
        }

        String stdout() {
            synchronized (stdout) {
                return stdout.toString(StandardCharsets.UTF_8);
            }
        }

        void awaitStdout(String expected) throws InterruptedException {
            long end = System.nanoTime() + DEADLINE.toNanos();
            synchronized (stdout) {
                while (!stdout.toString(StandardCharsets.UTF_8).contains(expected)) {
                    long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
                    if (left <= 0 || !process.isAlive() && !outReader.isAlive()) {
                        throw new AssertionError("kubectl hpcenv did not print " + expected.strip() + " within "
                                + DEADLINE + "\n--- stdout\n" + stdout() + "--- stderr\n"
                                + stderr.toString(StandardCharsets.UTF_8));
                    }
                    stdout.wait(Math.min(left, 200));
                }
            }
        }

        Result await() throws InterruptedException {
            if (!process.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("kubectl hpcenv did not end within " + DEADLINE + "\n--- stdout\n" + stdout()
                        + "--- stderr\n" + stderr.toString(StandardCharsets.UTF_8));
            }
            outReader.join(DEADLINE.toMillis());
            errReader.join(DEADLINE.toMillis());
            synchronized (stderr) {
                return new Result(process.exitValue(), stdout(), stderr.toString(StandardCharsets.UTF_8));
            }
        }
    }
}
