package dev.hpcenv.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.examples.ExampleProgramsTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The programs of examples/layered-pipeline run as its README says, on outputs generated here: validate
 * accepts a complete run and draws Figure 5, and refuses each kind of incomplete run with a line that
 * names what is missing, drawing nothing; the sampler samples until SIGTERM and the aggregator gathers
 * its file into one CSV at SIGTERM. (The whole pipeline on Slurm: run-direct.sh.)
 */
class LayeredPipelineProgramsTest {
    private static final Path PROGRAMS = RepositoryPaths.root().resolve("examples/layered-pipeline/programs");
    private static final int STEPS = 3;
    private static final List<String> NODES = List.of("node1", "node2");

    /** A complete run of 2 ranks (one per node) and 3 steps of one second from t=1000, sampled every 0.5 s. */
    static void writeGoodRun(Path dir) throws IOException {
        Files.writeString(dir.resolve("deck"), "steps=" + STEPS + "\nseed=7\nmin_ms=100\nmax_ms=600\n");
        Files.writeString(
                dir.resolve("bsp-run.txt"),
                "ranks=2\nsteps=" + STEPS + "\nnodes=node1 node2\nstart_s=1000.000000\nend_s=1003.000000\n");
        StringBuilder ranks = new StringBuilder("step,rank,node,start_s,sleep_ms,wait_ms,end_s\n");
        for (int step = 1; step <= STEPS; step++) {
            for (int rank = 0; rank < NODES.size(); rank++) {
                double start = 999 + step;
                ranks.append(String.format(
                        Locale.ROOT,
                        "%d,%d,%s,%.6f,%.3f,%.3f,%.6f%n",
                        step,
                        rank,
                        NODES.get(rank),
                        start,
                        300.0 + 100 * rank,
                        700.0 - 100 * rank,
                        start + 1));
            }
        }
        Files.writeString(dir.resolve("bsp-ranks.csv"), ranks.toString());
        StringBuilder samples = new StringBuilder("time_s,node,memavailable_kb\n");
        for (String node : NODES) {
            for (int i = 0; i <= 10; i++) {
                samples.append(String.format(Locale.ROOT, "%.3f,%s,%d%n", 999.5 + i * 0.5, node, 2_000_000 - i * 1000));
            }
        }
        Files.writeString(dir.resolve("samples.csv"), samples.toString());
    }

    private static Run validate(Path dir) throws Exception {
        return Run.of(List.of("sh", PROGRAMS.resolve("validate.sh").toString()), dir, "PIPELINE_DIR=" + dir);
    }

    @Test
    void validateAcceptsACompleteRunAndDrawsFigure5(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/gnuplot")), "gnuplot is missing: run dev/install-deps.sh");
        writeGoodRun(dir);

        Run run = validate(dir);

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output())
                .contains("validate: OK: 2 ranks x 3 steps in 3.0 s on node1 node2; 22 memory samples from 2 nodes")
                .contains("validate: figure 5: " + dir.resolve("figure5.png"));
        byte[] png = Files.readAllBytes(dir.resolve("figure5.png"));
        assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("PNG");
        assertThat(png.length).as("a drawn figure, not an empty page").isGreaterThan(5_000);
    }

    /** Incomplete runs: how the outputs are damaged, and what validate must say. */
    static Stream<Arguments> incompleteRuns() {
        return Stream.of(
                Arguments.of(
                        "a rank missed a step",
                        (Consumer<Path>) d -> drop(d, "bsp-ranks.csv", "2,1,node2,"),
                        "bsp-ranks.csv: step 2 has no row for rank(s) 1"),
                Arguments.of(
                        "a step written twice",
                        (Consumer<Path>)
                                d -> append(d, "bsp-ranks.csv", "1,0,node1,1000.000000,300.000,700.000,1001.000000\n"),
                        "step 1 rank 0 again (first on line 2)"),
                Arguments.of(
                        "a node without samples",
                        (Consumer<Path>) d -> drop(d, "samples.csv", ",node2,"),
                        "samples.csv: 0 samples of node node2"),
                Arguments.of(
                        "samples that stop before the run ends",
                        (Consumer<Path>) d -> drop(d, "samples.csv", "100[234]\\.[05]00,node1,"),
                        "the samples of node node1 span 999.500..1001.500, not the run"),
                Arguments.of(
                        "a sleep outside the deck's range",
                        (Consumer<Path>) d -> replace(
                                d, "bsp-ranks.csv", "3,0,node1,1002.000000,300.000", "3,0,node1,1002.000000,900.000"),
                        "bsp-ranks.csv:6: slept 900.000 ms, outside the deck range 100..600 ms"),
                Arguments.of(
                        "the deck and the run disagree",
                        (Consumer<Path>) d -> replace(d, "deck", "steps=3", "steps=4"),
                        "bsp-run.txt: steps=3, the deck says 4"),
                Arguments.of(
                        "the simulator never finished",
                        (Consumer<Path>) d -> delete(d, "bsp-run.txt"),
                        "bsp-run.txt is missing"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("incompleteRuns")
    void validateRefusesAnIncompleteRunAndDrawsNothing(
            String what, Consumer<Path> damage, String message, @TempDir Path dir) throws Exception {
        writeGoodRun(dir);
        damage.accept(dir);

        Run run = validate(dir);

        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("validate: FAILED: ").contains(message);
        assertThat(dir.resolve("figure5.png")).doesNotExist();
    }

    @Test
    void samplerSamplesUntilSigtermAndTheAggregatorGathersAtSigterm(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")), "gcc is missing: run dev/install-deps.sh");
        Path sampler = dir.resolve("sampler");
        Run built = Run.of(
                List.of(
                        "/usr/bin/gcc",
                        "-O2",
                        "-o",
                        sampler.toString(),
                        PROGRAMS.resolve("sampler.c").toString()),
                null);
        assertThat(built.exit()).as(built.output()).isZero();
        Path data = Files.createDirectories(dir.resolve("data"));
        ProcessBuilder samplerPb = new ProcessBuilder(sampler.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("sampler.log").toFile());
        samplerPb
                .environment()
                .putAll(java.util.Map.of(
                        "PIPELINE_DIR", data.toString(), "SLURMD_NODENAME", "nodeA", "SAMPLER_PERIOD_MS", "10"));
        ProcessBuilder aggregatorPb = new ProcessBuilder(
                        "sh", PROGRAMS.resolve("aggregator.sh").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("aggregator.log").toFile());
        aggregatorPb
                .environment()
                .putAll(java.util.Map.of("PIPELINE_DIR", data.toString(), "AGGREGATOR_PERIOD_S", "3600"));
        Path file = data.resolve("samples/nodeA.csv");
        Process s = samplerPb.start();
        Process a = null;
        try {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
            while (!(Files.exists(file) && Files.readAllLines(file).size() >= 6)
                    && Instant.now().isBefore(deadline)) {
                assertThat(s.isAlive())
                        .as(Files.readString(dir.resolve("sampler.log")))
                        .isTrue();
                Thread.onSpinWait();
            }
            assertThat(Files.readAllLines(file)).as("5 samples within 20 s").hasSizeGreaterThanOrEqualTo(6);
            Run ready = Run.of(
                    List.of(sampler.toString(), "--ready"), null, "PIPELINE_DIR=" + data, "SLURMD_NODENAME=nodeA");
            assertThat(ready.exit()).as("--ready once a sample is written").isZero();
            Run notReady = Run.of(
                    List.of(sampler.toString(), "--ready"), null, "PIPELINE_DIR=" + data, "SLURMD_NODENAME=nodeB");
            assertThat(notReady.exit()).as("--ready of a node without samples").isEqualTo(1);

            a = aggregatorPb.start();
            // The first gathering happens at once; the next would be an hour later: SIGTERM makes the last.
            Instant gathered = Instant.now().plus(Duration.ofSeconds(20));
            while (!Files.exists(data.resolve("samples.csv")) && Instant.now().isBefore(gathered)) {
                Thread.onSpinWait();
            }
            s.destroy();
            assertThat(s.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(s.exitValue())
                    .as(Files.readString(dir.resolve("sampler.log")))
                    .isZero();
            a.destroy();
            assertThat(a.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(a.exitValue())
                    .as(Files.readString(dir.resolve("aggregator.log")))
                    .isZero();
        } finally {
            s.destroyForcibly();
            if (a != null) {
                a.destroyForcibly();
            }
        }
        List<String> samples = Files.readAllLines(file);
        List<String> gathered = Files.readAllLines(data.resolve("samples.csv"));
        assertThat(samples.get(0)).isEqualTo("time_s,memavailable_kb");
        assertThat(samples.subList(1, samples.size())).allMatch(l -> l.matches("\\d+\\.\\d{3},\\d+"));
        assertThat(gathered.get(0)).isEqualTo("time_s,node,memavailable_kb");
        assertThat(gathered.subList(1, gathered.size()))
                .as("every sample of the stopped sampler, gathered at SIGTERM")
                .hasSize(samples.size() - 1)
                .allMatch(l -> l.matches("\\d+\\.\\d{3},nodeA,\\d+"));
    }

    private static void drop(Path dir, String file, String regex) {
        edit(
                dir,
                file,
                text -> String.join(
                        "",
                        text.lines()
                                .filter(l -> !java.util.regex.Pattern.compile(regex)
                                        .matcher(l)
                                        .find())
                                .map(l -> l + "\n")
                                .toList()));
    }

    private static void append(Path dir, String file, String line) {
        edit(dir, file, text -> text + line);
    }

    private static void replace(Path dir, String file, String from, String to) {
        edit(dir, file, text -> {
            assertThat(text).contains(from);
            return text.replace(from, to);
        });
    }

    private static void delete(Path dir, String file) {
        try {
            Files.delete(dir.resolve(file));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void edit(Path dir, String file, java.util.function.UnaryOperator<String> change) {
        try {
            Files.writeString(dir.resolve(file), change.apply(Files.readString(dir.resolve(file))));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
