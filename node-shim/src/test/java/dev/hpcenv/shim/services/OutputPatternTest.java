package dev.hpcenv.shim.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.shim.error.ShimException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutputPatternTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "hpcenv-%j-%x-%N.out|hpcenv-77-sampler-nid001.out",
                "svc/%n/%x.log|svc/2/sampler.log",
                "100%%-%x|100%-sampler",
                "plain.out|plain.out",
                "%j_%j|77_77",
            })
    void escapesExpand(String pattern, String expanded) {
        assertThat(OutputPattern.expand(pattern, "77", "nid001", 2, "sampler")).isEqualTo(expanded);
        assertThat(OutputPattern.check(pattern)).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "../x.out|\"../x.out\" leaves the job's working directory",
                "a/../../x|\"a/../../x\" leaves the job's working directory",
                ".|\".\" leaves the job's working directory",
                "/abs/%x|\"/abs/%x\" must be relative to the job's working directory",
                "x%|\"x%\" ends in a lone %; write %% for a percent sign",
                "%t.out|\"%t.out\" has %t; known are %j %N %n %x %%",
            })
    void badPatternsAreRefusedBeforeAnythingStarts(String pattern, String problem) {
        assertThat(OutputPattern.check(pattern)).isEqualTo(problem);
    }

    @Test
    void anArrayElementsJobIdAndTheNodeComeFromSlurm() {
        NodeSlot slot = NodeSlot.of(
                java.util.Map.of(
                        "SLURM_JOB_ID",
                        "101",
                        "SLURM_ARRAY_JOB_ID",
                        "100",
                        "SLURM_ARRAY_TASK_ID",
                        "1",
                        "SLURM_NODEID",
                        "3"),
                "nid004");

        assertThat(slot).isEqualTo(new NodeSlot("100_1", "nid004", 3));
        assertThat(NodeSlot.of(java.util.Map.of("SLURM_JOB_ID", "9"), "n")).isEqualTo(new NodeSlot("9", "n", 0));
    }

    @Test
    void aSymbolicLinkOutOfTheWorkingDirectoryIsRefusedOnTheNode(@TempDir Path tmp) throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.createSymbolicLink(work.resolve("logs"), outside);

        assertThat(OutputPattern.resolve("out/%x-%N.out", "services[0].output", work, "7", "n1", 0, "s"))
                .isEqualTo(work.resolve("out/s-n1.out"));
        assertThatThrownBy(() -> OutputPattern.resolve("logs/%x.out", "services[2].output", work, "7", "n1", 0, "s"))
                .isInstanceOf(ShimException.class)
                .hasMessage("HPCENV_SERVICES: services[2].output: \"logs/%x.out\" (logs/s.out) leaves the job's"
                        + " working directory " + work);
    }
}
