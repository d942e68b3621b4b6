package dev.hpcenv.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.examples.ExampleFiles.Category;
import dev.hpcenv.examples.ExampleFiles.ExampleFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The programs of the examples (Category.PROGRAM) are sound as text: each shell script parses with
 * the shell its first line names, each C source compiles without a warning (MPI sources with Open
 * MPI's mpicc, as the images build them), and every PNG a README shows is a PNG.
 */
class ExampleProgramsTest {

    static Stream<ExampleFile> shellScripts() {
        return ExampleFiles.of(Category.PROGRAM).stream()
                .filter(f -> f.fileName().endsWith(".sh"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shellScripts")
    void shellScriptParses(ExampleFile script) throws Exception {
        String first = Files.readString(script.path()).lines().findFirst().orElse("");
        assertThat(first)
                .as("%s starts with #!/bin/sh or #!/usr/bin/env bash", script.display())
                .isIn("#!/bin/sh", "#!/usr/bin/env bash");
        assertThat(Files.isExecutable(script.path()))
                .as("%s is executable", script.display())
                .isTrue();
        String shell = first.endsWith("bash") ? "bash" : "sh";
        Run parsed = Run.of(List.of(shell, "-n", script.path().toString()), null);
        assertThat(parsed.exit())
                .as("%s -n %s:%n%s", shell, script.display(), parsed.output())
                .isZero();
    }

    static Stream<ExampleFile> cSources() {
        return ExampleFiles.of(Category.PROGRAM).stream()
                .filter(f -> f.fileName().endsWith(".c"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cSources")
    void cSourceCompilesWithoutWarnings(ExampleFile source, @TempDir Path tmp) throws Exception {
        boolean mpi = Files.readString(source.path()).contains("#include <mpi.h>");
        String compiler = mpi ? "/usr/bin/mpicc.openmpi" : "/usr/bin/gcc";
        Assumptions.assumeTrue(
                Files.isExecutable(Path.of(compiler)), compiler + " is missing: run dev/install-deps.sh");
        Run built = Run.of(
                List.of(
                        compiler,
                        "-O2",
                        "-Wall",
                        "-Wextra",
                        "-Werror",
                        "-o",
                        tmp.resolve("a.out").toString(),
                        source.path().toString()),
                null);
        assertThat(built.exit())
                .as("%s %s:%n%s", compiler, source.display(), built.output())
                .isZero();
    }

    @Test
    void everyFigureIsAPng() throws IOException {
        byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        for (ExampleFile figure : ExampleFiles.of(Category.FIGURE)) {
            byte[] head = new byte[magic.length];
            try (var in = Files.newInputStream(figure.path())) {
                assertThat(in.readNBytes(head, 0, head.length)).isEqualTo(magic.length);
            }
            assertThat(head).as("%s is a PNG file", figure.display()).isEqualTo(magic);
        }
    }

    /** A finished process: its exit code and its stdout and stderr together. */
    record Run(int exit, String output) {
        static Run of(List<String> command, Path dir, String... env) throws IOException, InterruptedException {
            ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            for (String e : env) {
                int eq = e.indexOf('=');
                pb.environment().put(e.substring(0, eq), e.substring(eq + 1));
            }
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(
                        command + " still running after 120 s:\n" + new String(out, StandardCharsets.UTF_8));
            }
            return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        }
    }
}
