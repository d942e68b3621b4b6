package dev.hpcenv.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/layered-pipeline/run-direct.sh, the README's way to run the pipeline without the operator's
 * services: on the local multi-node Slurm (dev/slurm-nodes.sh) the setup, run (simulator on 2 nodes,
 * sampler on each, aggregator on the first, stopped with SIGTERM) and validate jobs succeed, and
 * validate draws Figure 5. Needs root (Slurm, images); skipped, loudly, otherwise.
 */
class LayeredPipelineDirectIT {
    private static final Duration LIMIT = Duration.ofMinutes(15);

    @Test
    void theThreeStagesSucceedOnTwoNodesAndValidateDrawsFigure5(@TempDir Path tmp) throws Exception {
        boolean root = new String(
                        new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes(),
                        StandardCharsets.US_ASCII)
                .strip()
                .equals("0");
        if (!root) {
            System.err.println(
                    "\nLayeredPipelineDirectIT: SKIPPED: not root (run-direct.sh starts Slurm and builds images)\n");
            Assumptions.abort("not root");
        }
        Path script = RepositoryPaths.root().resolve("examples/layered-pipeline/run-direct.sh");
        Path figure = tmp.resolve("figure5.png");
        Path log = tmp.resolve("run-direct.log");
        Process process = new ProcessBuilder(
                        "bash", script.toString(), "--nodes", "2", "--steps", "5", "--figure", figure.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean ended = process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS);
        if (!ended) {
            // SIGTERM lets the script's trap cancel its jobs and remove its files.
            process.destroy();
            process.waitFor(60, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(ended)
                .as("run-direct.sh still running after %s; its output:%n%s", LIMIT, output)
                .isTrue();
        assertThat(process.exitValue())
                .as("run-direct.sh failed; its output:%n%s", output)
                .isZero();
        assertThat(output)
                .contains("setup: wrote ")
                .contains("bsp: step 5: barrier wait over 2 ranks")
                .contains("sampler: stopped after")
                .contains("aggregator: stopped; ")
                .contains("validate: OK: 2 ranks x 5 steps")
                .contains("run-direct: PASSED");
        assertThat(output.lines().filter(l -> l.matches("----- run-\\d+-sampler-node\\d\\.out")))
                .as("one sampler output per node of the run")
                .hasSize(2);
        byte[] png = Files.readAllBytes(figure);
        assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }
}
