package dev.hpcenv.edf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.model.ResolvedEnvironment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every real EDF of the corpus validates and renders; every invalid one is rejected with its line. */
class CorpusTest {
    private static final Path CWD = Path.of("/users/alice/run");

    static Stream<Path> validFiles() {
        Path corpus = TestSupport.corpus();
        return Stream.concat(
                TestSupport.tomlFiles(corpus.resolve("seed")).stream(),
                TestSupport.tomlFiles(corpus.resolve("cscs-docs")).stream());
    }

    static Stream<Path> invalidFiles() {
        return TestSupport.tomlFiles(TestSupport.corpus().resolve("invalid")).stream();
    }

    private static EdfResolver resolver() {
        Path seed = TestSupport.corpus().resolve("seed");
        return new EdfResolver(new EdfSearchPath(List.of(seed, TestSupport.stubBases()), List.of()), CWD);
    }

    @ParameterizedTest
    @MethodSource("validFiles")
    void validatesAndRenders(Path file) throws EdfException {
        Resolution resolution = resolver().resolve(file.toString());
        ResolvedEnvironment rendered = VariableExpander.expand(resolution, TestSupport.VARS);

        assertThat(rendered.getBases()).last().isEqualTo(file.toString());
        assertThat(rendered.getMounts())
                .allSatisfy(m -> assertThat(m.getSource()).startsWith("/"));
        if (rendered.getImage() != null) {
            assertThat(rendered.getImageRef() != null || rendered.getSquashfsPath() != null)
                    .as("image %s is classified", rendered.getImage())
                    .isTrue();
        }
        assertThat(rendered.getSquashfsPath())
                .satisfiesAnyOf(
                        p -> assertThat(p).isNull(), p -> assertThat(Path.of(p)).isAbsolute());
        // Nothing is left to expand once rendered.
        assertThat(rendered.toString()).doesNotContain("${");
        assertThat(resolution.warnings()).allSatisfy(w -> assertThat(w.line()).isPositive());
    }

    @ParameterizedTest
    @MethodSource("validFiles")
    void validatesThroughTheCli(Path file) {
        Path seed = TestSupport.corpus().resolve("seed");
        var result = InProcessEdf.edf(
                CWD, TestSupport.VARS, "validate", "--edf-path", seed + ":" + TestSupport.stubBases(), file.toString());
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo(file + ": valid\n");
    }

    @Test
    void listing1ValidatesWithoutItsBasesWhichThePaperDoesNotGive() {
        Path file = TestSupport.corpus().resolve("seed/listing1-all-params.toml");
        var result = InProcessEdf.edf(
                CWD, TestSupport.VARS, "validate", "--edf-path", "/nonexistent", "--system-path", "", file.toString());
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err().lines())
                .hasSize(2)
                .allSatisfy(l -> assertThat(l)
                        .startsWith(file + ":")
                        .contains(": warning: base_environment[")
                        .contains("not found in /nonexistent"));
    }

    @ParameterizedTest
    @MethodSource("invalidFiles")
    void rejectsInvalidFilesWithTheirLine(Path file) {
        assertThatThrownBy(() -> resolver().resolve(file.toString())).isInstanceOfSatisfying(EdfException.class, e -> {
            assertThat(e.errors()).isNotEmpty().allSatisfy(d -> {
                assertThat(d.file()).isEqualTo(file.toString());
                assertThat(d.line()).isPositive();
            });
        });
        var result = InProcessEdf.edf(CWD, Map.of(), "validate", file.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith(file + ":").doesNotContain("Exception");
    }

    @Test
    void theElisionsOfThePytorchPageAreReportedAtTheFirstOne() {
        Path file = TestSupport.corpus().resolve("invalid/ex31-elisions.toml");
        var result = InProcessEdf.edf(CWD, Map.of(), "validate", file.toString());
        assertThat(result.err().lines())
                .containsExactly(file
                        + ":3:1: invalid TOML: Unexpected '.', expected a key, a table key, a newline, or end-of-input"
                        + " (hint: each line is key = \"value\", a [table] header or a # comment)");
    }

    @Test
    void annotationFragmentsParseWithAWarningNamingFileAndLine() throws EdfException {
        Path file = TestSupport.corpus().resolve("cscs-docs/ex12.toml");
        Resolution resolution = resolver().resolve(file.toString());
        assertThat(resolution.warnings())
                .extracting(Diagnostic::format)
                .containsExactly(
                        file
                                + ":3:1: warning: unknown key 'com.hooks.netstack.source' (hint: annotations go under [annotations])");
    }

    @Test
    void theAnnotationsOf2026RenderAsWritten() throws EdfException {
        Path corpus = TestSupport.corpus();
        ResolvedEnvironment netstack = VariableExpander.expand(
                resolver().resolve(corpus.resolve("cscs-docs/ex46.toml").toString()), TestSupport.VARS);
        ResolvedEnvironment dcgm = VariableExpander.expand(
                resolver().resolve(corpus.resolve("cscs-docs/ex43.toml").toString()), TestSupport.VARS);
        ResolvedEnvironment variant = VariableExpander.expand(
                resolver().resolve(corpus.resolve("cscs-docs/ex16.toml").toString()), TestSupport.VARS);

        assertThat(netstack.getAnnotations())
                .containsEntry("com.hooks.netstack.source", "artifact")
                .containsEntry("com.hooks.netstack.version", "latest")
                .containsEntry("com.hooks.netstack.name", "default");
        assertThat(dcgm.getAnnotations()).containsEntry("com.hooks.dcgm.enabled", "true");
        assertThat(variant.getAnnotations())
                .containsEntry("com.hooks.netstack.source", "host")
                .containsEntry("com.hooks.aws_ofi_nccl.variant", "cuda13");
    }

    @Test
    void pyxisAnnotationsValidateWithAWarningEach() {
        Path file = TestSupport.corpus().resolve("cscs-docs/ex44.toml");
        var result = InProcessEdf.edf(CWD, TestSupport.VARS, "validate", file.toString());
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err().lines())
                .containsExactly(
                        file + ":4:1: warning: annotations.com.pyxis.pytorch_remap_vars: read by Pyxis, which hpcenv"
                                + " does not use: no effect; hpcenv never remaps RANK and LOCAL_RANK",
                        file + ":5:1: warning: annotations.com.pyxis.entrypoint_log: read by Pyxis, which hpcenv does"
                                + " not use: no effect; the entrypoint's output always reaches the job's output");
    }

    @Test
    void hookValuesTheDocumentationDoesNotAllowAreOneLineEachWithTheAllowedValues() {
        Path file = TestSupport.corpus().resolve("invalid/hook-values.toml");
        var result = InProcessEdf.edf(CWD, Map.of(), "validate", file.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().lines())
                .containsExactly(
                        file + ":6:1: annotations.com.hooks.aws_ofi_nccl.enabled: 'yes' is not a switch value; allowed:"
                                + " \"true\", \"false\" (hint: write com.hooks.aws_ofi_nccl.enabled = \"true\")",
                        file
                                + ":7:1: annotations.com.hooks.aws_ofi_nccl.variant: 'cuda 13' is not a plugin variant (one"
                                + " name: letters, digits and . _ - : , + = @, no '/') (hint: e.g. cuda12, cuda13, cuda-dl,"
                                + " rocm5, rocm6)",
                        file + ":8:1: annotations.com.hooks.netstack.source: unknown network stack source 'artefact';"
                                + " allowed: host, artifact (hint: write com.hooks.netstack.source = \"artifact\" or"
                                + " \"host\", or leave it out for the system's default)",
                        file + ":9:1: annotations.com.hooks.netstack.version: '../latest' is not a network stack"
                                + " artifact version (one name: letters, digits and . _ - : , + = @, no '/') (hint: e.g."
                                + " \"latest\" or \"default\")",
                        file
                                + ":11:1: annotations.com.hooks.ssh.port: '99999999999999999999' is not a TCP port; allowed:"
                                + " 1 to 65535 (hint: leave it out for the default 15263)");
    }
}
