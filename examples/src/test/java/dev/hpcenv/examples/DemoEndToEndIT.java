package dev.hpcenv.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/demo/ runs: {@code dev/demo.sh --check} (the README's main job, as a test) applies it with kubectl to the operator's embedded API
 * and both HpcJobs must end as their files say (hello Succeeded with a greeting from a container on
 * each of the two nodes, naming its node, in the Slurm output, fail-with-3 Failed with exit code 3)
 * on the demo's own 2-node Slurm cluster, the real shim and registry; the extra
 * checks of e2e/README.md (hostile and non-ASCII values, site variables, the shared validation rules,
 * the mount policy, the user guide's commands) run in the same script. The script cleans up after
 * itself; without root or kubectl it reports SKIPPED, and so does this test.
 */
class DemoEndToEndIT {
    private static final Duration LIMIT = Duration.ofMinutes(10);

    @Test
    void demoJobsSucceedAndFailAsWritten(@TempDir Path tmp) throws Exception {
        Path script = RepositoryPaths.root().resolve("dev/demo.sh");
        Path log = tmp.resolve("demo.log");
        Process process = new ProcessBuilder("bash", script.toString(), "--check")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean ended = process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS);
        if (!ended) {
            // SIGTERM lets the script's trap stop the operator and remove what it created.
            process.destroy();
            process.waitFor(60, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Optional<String> skipped =
                output.lines().filter(l -> l.contains("SKIPPED:")).findFirst();
        if (skipped.isPresent()) {
            System.err.println("\n" + skipped.get() + " (DemoEndToEndIT)\n");
            Assumptions.abort(skipped.get().strip());
        }
        assertThat(ended)
                .as("dev/demo.sh --check still running after %s; its output:%n%s", LIMIT, output)
                .isTrue();
        assertThat(process.exitValue())
                .as("dev/demo.sh --check failed; its output:%n%s", output)
                .isZero();
        assertThat(output)
                .contains(
                        "hello from inside the container: hpcenv demo image (busybox), host node1,",
                        "hello from inside the container: hpcenv demo image (busybox), host node2,",
                        "PASSED");
    }
}
