package dev.hpcenv.operator.e2e;

import dev.hpcenv.operator.OperatorMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code hpcenv-operator} in a JVM of its own, as it is deployed: only a separate process can be
 * killed with SIGKILL in the middle of a submit burst, and JOSDK ends the process when it loses its
 * lease, which must not end the test JVM. It runs {@link OperatorMain} from the test class path
 * against the embedded API's kubeconfig; stdout and stderr go to a log file that tests read.
 */
final class OperatorProcess implements AutoCloseable {

    private static final Pattern SUBMITTED = Pattern.compile("submitted: hpcjob=(\\S+) cluster=\\S+ slurmJob=(\\d+)");

    private final String name;
    private final Process process;
    private final Path log;
    /** The log as it was when the process was closed: the folder it lives in goes before failures are reported. */
    private volatile String finalLog;

    private OperatorProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts an operator that reads {@code kubeconfig}; {@code settings} are its HPCENV_* / POD_*
     * environment (the probe server is off unless a setting turns it on).
     */
    static OperatorProcess start(String name, Path kubeconfig, Path logDir, Map<String, String> settings) {
        Path log = logDir.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Start-up speed matters more than peak speed here: two cores are shared by the whole CI.
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx384m",
                // Times in the log, for reading a failure (the test prints the log then).
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                "-cp",
                System.getProperty("java.class.path"),
                OperatorMain.class.getName()));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("HPCENV_") || k.startsWith("POD_") || k.equals("KUBECONFIG"));
        env.put("KUBECONFIG", kubeconfig.toString());
        env.put("HPCENV_HTTP_PORT", "-1");
        env.putAll(settings);
        try {
            return new OperatorProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start operator " + name, e);
        }
    }

    String name() {
        return name;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook runs, in-flight submits are cut wherever they are. */
    void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    /** SIGTERM: the operator finishes its reconciles and stops. */
    void stop() {
        process.destroy();
        if (!waitFor(40)) {
            kill();
        }
    }

    /** SIGTERM, then whether the process exited within {@code seconds} (it is killed if not). */
    boolean stopsWithin(int seconds) {
        process.destroy();
        boolean exited = waitFor(seconds);
        if (!exited) {
            kill();
        }
        return exited;
    }

    private void waitForExit() {
        if (!waitFor(30)) {
            throw new IllegalStateException("operator " + name + " did not exit after SIGKILL");
        }
    }

    private boolean waitFor(int seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String log() {
        if (finalLog != null) {
            return finalLog;
        }
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** The HpcJobs ({@code namespace/name}) this process logged a submit for. */
    List<String> submittedJobs() {
        List<String> jobs = new ArrayList<>();
        Matcher m = SUBMITTED.matcher(log());
        while (m.find()) {
            jobs.add(m.group(1));
        }
        return jobs;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
        finalLog = log();
    }

    @Override
    public String toString() {
        return "operator " + name + " (" + (process.isAlive() ? "running" : "exited " + process.exitValue()) + ")";
    }
}
