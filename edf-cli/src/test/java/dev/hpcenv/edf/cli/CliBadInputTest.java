package dev.hpcenv.edf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.edf.InProcessEdf;
import dev.hpcenv.edf.InProcessEdf.CliResult;
import dev.hpcenv.edf.TestSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Whatever file a user hands any command, the answer is one line per problem, naming the file and
 * giving a hint; never a Java class name or a stack trace.
 */
class CliBadInputTest {
    @TempDir
    Path dir;

    private void inputs() throws IOException {
        Files.createDirectory(dir.resolve("dir.toml"));
        Files.write(dir.resolve("binary.toml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, 'x'});
        Files.write(
                dir.resolve("latin1.toml"),
                "image = \"caf\u00e9\"\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        TestSupport.write(
                dir, "huge-value.toml", "image = \"alpine\"\n[env]\nBIG = \"" + "v".repeat(10_000_000) + "\"\n");
        TestSupport.write(dir, "int64.toml", "image = \"alpine\"\nwritable = 99999999999999999999\n");
        TestSupport.write(dir, "edf.toml", "image = \"alpine\"\n[env]\nA = \"1\"\n");
        TestSupport.write(
                dir,
                "bad-names.toml",
                "image = \"alpine\"\n[env]\n\"1A\" = \"x\"\n[annotations]\n"
                        + "\"run.oci.keep_original_groups\" = \"1\"\n");
        TestSupport.write(dir, "list.yaml", "- a\n- b\n");
        TestSupport.write(dir, "broken.yaml", "apiVersion: [\n");
    }

    @ParameterizedTest(name = "edf {0} {1}")
    @CsvSource({
        "validate, missing.toml",
        "validate, dir.toml",
        "validate, binary.toml",
        "validate, latin1.toml",
        "validate, huge-value.toml",
        "validate, int64.toml",
        "validate, bad-names.toml",
        "render, dir.toml",
        "render, huge-value.toml",
        "convert, binary.toml",
        "convert, bad-names.toml",
        "convert --to-edf, edf.toml",
        "convert --to-edf, missing.yaml",
        "convert --to-edf, dir.toml",
        "convert --to-edf, binary.toml",
        "convert --to-edf, list.yaml",
        "convert --to-edf, broken.yaml"
    })
    void everyErrorIsOneLineNamingTheFileWithAHint(String command, String file) throws IOException {
        inputs();
        String[] words = (command + " " + file).split(" ");
        CliResult r = InProcessEdf.edf(dir, Map.of("HOME", "/home/u"), words);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err().lines())
                .as(r.toString())
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line)
                        .startsWith(file + ":")
                        .contains("(hint: ")
                        .hasSizeLessThan(500)
                        .doesNotContain("Exception")
                        .doesNotContain("dev.hpcenv")
                        .doesNotContain("java.")
                        .doesNotContainPattern("\\$[A-Z][a-z]"));
    }

    @Test
    void toEdfOnAnEdfSaysWhatTheFileIs() throws IOException {
        inputs();
        CliResult r = InProcessEdf.edf(dir, Map.of(), "convert", "--to-edf", "edf.toml");
        assertThat(r.err().strip())
                .isEqualTo("edf.toml: is TOML (an EDF), not HpcEnvironment YAML (hint: --to-edf "
                        + "converts YAML back to an EDF; to convert this EDF to YAML, drop --to-edf)");
    }

    @Test
    void validateSaysOnceThatAShimSiteFileIsNotAnEdfAndPasses() {
        TestSupport.write(
                dir, "shim.toml", "[hooks]\ndir = \"/etc/hpcenv/hooks.d\"\n[annotations]\ndeny = [\"^x\\\\.\"]\n");
        TestSupport.write(dir, "ok.toml", "image = \"alpine\"\n");
        CliResult r = InProcessEdf.edf(dir, Map.of(), "validate", "shim.toml", "ok.toml");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out().lines())
                .containsExactly(
                        "shim.toml: skipped: an hpcenv-shim site configuration, not an EDF "
                                + "(hint: check it on a node with HPCENV_SHIM_CONFIG=shim.toml hpcenv-shim selftest)",
                        "ok.toml: valid");
        assertThat(r.err()).isEmpty();
        // render and convert need an EDF: for them it stays an error, in one line.
        CliResult render = InProcessEdf.edf(dir, Map.of(), "render", "./shim.toml");
        assertThat(render.exitCode()).isEqualTo(1);
        assertThat(render.err().lines()).singleElement().asString().contains("not an EDF");
    }

    @Test
    void anEdfWithAnUnknownTableIsStillCheckedAsAnEdf() {
        // A genuinely broken EDF keeps its real errors, even with a key the shim's file also has.
        TestSupport.write(dir, "broken.toml", "image = \"alpine\"\nhooks = []\n[env]\n\"A-B\" = \"1\"\n");
        CliResult r = InProcessEdf.edf(dir, Map.of(), "validate", "broken.toml");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("env.A-B: not a valid variable name");
    }

    @Test
    void theReadmeCommandPassesOnTheExamples() throws IOException {
        Path examples = Path.of("..", "examples").toAbsolutePath().normalize();
        String[] args;
        try (var dirs = Files.list(examples)) {
            args = java.util.stream.Stream.concat(
                            java.util.stream.Stream.of("validate"),
                            dirs.filter(Files::isDirectory)
                                    .flatMap(d -> {
                                        try (var files = Files.list(d)) {
                                            return files
                                                    .filter(f -> f.toString().endsWith(".toml"))
                                                    .map(Path::toString)
                                                    .toList()
                                                    .stream();
                                        } catch (IOException e) {
                                            throw new java.io.UncheckedIOException(e);
                                        }
                                    })
                                    .sorted())
                    .toArray(String[]::new);
        }
        assertThat(args).contains(examples.resolve("site/shim.toml").toString());
        CliResult r = InProcessEdf.edf(examples, Map.of("HOME", "/home/u"), args);
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }
}
