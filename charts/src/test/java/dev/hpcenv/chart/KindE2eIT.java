package dev.hpcenv.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs e2e/kind.sh (kind cluster, operator image, chart, local Slurm, examples/demo/) where a Docker
 * engine works. Elsewhere, such as the project's build machines, it is reported as skipped with the
 * reason, never as passed.
 */
class KindE2eIT {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration E2E_TIMEOUT = Duration.ofMinutes(30);

    @Test
    void demoJobsRunOnKindThroughTheChart(@TempDir Path tmp) throws Exception {
        Optional<String> missing = missingPrerequisite();
        if (missing.isPresent()) {
            String reason = "SKIPPED: e2e/kind.sh not run: " + missing.get();
            System.err.println("\n*** " + reason + " ***\n");
            Assumptions.abort(reason);
        }
        Path log = tmp.resolve("kind.log");
        Process script = new ProcessBuilder("bash", RepositoryPaths.kindScript().toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean ended = script.waitFor(E2E_TIMEOUT.toMinutes(), TimeUnit.MINUTES);
        if (!ended) {
            script.destroy();
            script.waitFor(30, TimeUnit.SECONDS);
            script.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Optional<String> skipped =
                output.lines().filter(l -> l.contains("SKIPPED:")).findFirst();
        if (skipped.isPresent()) {
            System.err.println("\n" + skipped.get() + "\n");
            Assumptions.abort(skipped.get().strip());
        }
        assertThat(ended)
                .as("e2e/kind.sh still running after %s; its output:%n%s", E2E_TIMEOUT, output)
                .isTrue();
        assertThat(script.exitValue())
                .as("e2e/kind.sh failed; its output:%n%s", output)
                .isZero();
        assertThat(output).contains("PASSED");
    }

    /** Why the script cannot run here, or empty when it can. */
    private static Optional<String> missingPrerequisite() throws IOException, InterruptedException {
        if (!runs(List.of("docker", "info"))) {
            return Optional.of("docker not available (no docker command, or no engine behind it)");
        }
        for (String tool : List.of("kind", "kubectl", "helm", "socat")) {
            if (!runs(List.of("sh", "-c", "command -v " + tool))) {
                return Optional.of(tool + " not available");
            }
        }
        return Optional.empty();
    }

    private static boolean runs(List<String> command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            return false;
        }
        if (!p.waitFor(PROBE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return false;
        }
        return p.exitValue() == 0;
    }
}
