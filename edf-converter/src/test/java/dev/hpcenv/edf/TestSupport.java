package dev.hpcenv.edf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.edf.cli.EdfCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Shared by the tests: the corpus location, the expansion variables, and the CLI run in-process. */
public final class TestSupport {
    /** Variables the corpus files reference. */
    public static final Map<String, String> VARS = Map.of(
            "SCRATCH", "/capstor/scratch/cscs/alice",
            "HOME", "/users/alice",
            "USER", "alice",
            "PWD", "/users/alice/run",
            "VAR_FROM_HOST", "from-host",
            "PATH", "/usr/bin:/bin");

    private TestSupport() {
    }

    /**
     * The public EDF corpus, kept in this module's test resources (each file names its source), so
     * that a clone of the repository alone passes every test.
     */
    public static Path corpus() {
        Path corpus = Path.of("src/test/resources/edf-corpus").toAbsolutePath();
        for (String part : List.of("seed", "cscs-docs", "invalid")) {
            assertThat(corpus.resolve(part)).as("EDF corpus in the test resources: " + corpus).isDirectory();
        }
        return corpus;
    }

    /** The stand-ins for Listing 1's bases, which the paper names but does not give. */
    public static Path stubBases() {
        Path stubs = Path.of("src/test/resources/stub-bases").toAbsolutePath();
        assertThat(stubs).isDirectory();
        return stubs;
    }

    public static List<Path> tomlFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".toml")).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError("cannot list " + dir, e);
        }
    }

    /** The outcome of one in-process CLI run. */
    public record CliResult(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    public static CliResult edf(Path workingDirectory, Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = EdfCli.run(args, env, workingDirectory, new PrintWriter(out), new PrintWriter(err));
        return new CliResult(code, out.toString(), err.toString());
    }

    public static Path write(Path dir, String name, String text) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
