package dev.hpcenv.bench.operator;

import dev.hpcenv.operator.OperatorConfig;
import dev.hpcenv.operator.OperatorMain;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shipped operator ({@value #OPERATOR_JAR}, the jar and lib/ the image carries) in a JVM of its
 * own, with the JVM options it ships with ({@value #JVM_OPTIONS} as an argument file, as the image and
 * the launcher use it), so that its class path is the shipped one and its heap and its CPU are its own,
 * not the benchmark's or the embedded API's. Its /metrics is read
 * over HTTP; its heap through {@code jcmd}.
 */
final class OperatorUnderTest implements AutoCloseable {

    /** JVM options for the operator's JVM, for profiling a run (dev/bench-operator.sh passes them on). */
    static final String PROFILE_OPTIONS = "BENCH_OPERATOR_JAVA_OPTS";
    /** The operator's JVM options file, relative to the repository root (-Dhpcenv.root). */
    static final String JVM_OPTIONS = "operator/jvm.options";
    /** The operator's jar, relative to the repository root: its manifest names its lib/ directory. */
    static final String OPERATOR_JAR = "operator/target/hpcenv-operator.jar";

    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");

    private final Process process;
    private final Path log;
    private final int metricsPort;
    private final HttpClient http = HttpClient.newHttpClient();

    private OperatorUnderTest(Process process, Path log, int metricsPort) {
        this.process = process;
        this.log = log;
        this.metricsPort = metricsPort;
    }

    static OperatorUnderTest start(Path kubeconfig, Path work, int reconcileThreads) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = work.resolve("operator.log");
        Path options = fromRoot(JVM_OPTIONS);
        Path jar = fromRoot(OPERATOR_JAR);
        List<String> command = new java.util.ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "@" + options));
        // For profiling only (e.g. -XX:StartFlightRecording=...): the figures are taken with none.
        String extra = System.getenv(PROFILE_OPTIONS);
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-cp", jar.toString(), OperatorMain.class.getName()));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        builder.environment().put(OperatorConfig.HTTP_PORT, Integer.toString(port));
        builder.environment().put(OperatorConfig.RECONCILE_THREADS, Integer.toString(reconcileThreads));
        return new OperatorUnderTest(builder.start(), log, port);
    }

    private static Path fromRoot(String file) throws IOException {
        Path path = Path.of(System.getProperty("hpcenv.root", "."), file).toAbsolutePath();
        if (!Files.isRegularFile(path)) {
            throw new IOException(path + " is missing: build with `mvn -pl benchmarks -am package` and run the"
                    + " benchmark with -Dhpcenv.root=REPOSITORY (dev/bench-operator.sh does both)");
        }
        return path;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** The current /metrics; fails when the operator died. */
    MetricsText metrics() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the operator exited (" + process.exitValue() + "); see " + log);
        }
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return MetricsText.parse(response.body());
        } catch (IOException e) {
            return MetricsText.parse("");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Heap in use after a full collection, in bytes: the total of {@code jcmd GC.class_histogram}, which
     * collects and then counts only live objects. ({@code GC.run} followed by {@code GC.heap_info} also
     * counts what the operator allocated in between, e.g. while parsing a listing: megabytes of noise.)
     */
    long heapUsedAfterGc() throws IOException, InterruptedException {
        Matcher m = HISTOGRAM_TOTAL.matcher(jcmd("GC.class_histogram"));
        if (!m.find()) {
            throw new IllegalStateException("jcmd GC.class_histogram printed no Total line");
        }
        return Long.parseLong(m.group(1));
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(process.pid()),
                        command))
                .redirectErrorStream(true)
                .start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + command + " failed: " + out);
        }
        return out;
    }

    long logLinesContaining(String text) throws IOException {
        try (java.util.stream.Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains(text)).count();
        }
    }

    String logTail() throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
