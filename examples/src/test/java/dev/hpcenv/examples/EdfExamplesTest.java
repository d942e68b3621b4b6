package dev.hpcenv.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.edf.Diagnostic;
import dev.hpcenv.edf.EdfException;
import dev.hpcenv.edf.EdfResolver;
import dev.hpcenv.edf.EdfSearchPath;
import dev.hpcenv.examples.ExampleFiles.Category;
import dev.hpcenv.examples.ExampleFiles.ExampleFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every EDF under examples/ is valid as `edf validate --strict` sees it, with its bases found in its folder. */
class EdfExamplesTest {

    static Stream<ExampleFile> edfs() {
        return ExampleFiles.of(Category.EDF).stream();
    }

    static EdfResolver resolverFor(Path folder) {
        // The folder is the EDF_PATH; no system directory, so nothing of the machine running the test leaks in.
        return new EdfResolver(new EdfSearchPath(List.of(folder), List.of()), folder).strict(true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edfs")
    void validatesStrictlyWithoutWarnings(ExampleFile edf) {
        List<Diagnostic> warnings;
        try {
            warnings = resolverFor(edf.path().getParent()).validate(edf.path().toString());
        } catch (EdfException e) {
            throw new AssertionError(edf.display() + " is not a valid EDF:\n"
                    + String.join(
                            "\n",
                            e.diagnostics().stream().map(Diagnostic::format).toList()));
        }
        assertThat(warnings)
                .extracting(Diagnostic::format)
                .as("warnings for %s", edf.display())
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edfs")
    void containerfileNamedByAnEdfIsBesideIt(ExampleFile edf) throws Exception {
        String text = Files.readString(edf.path());
        for (String line :
                text.lines().filter(l -> l.strip().startsWith("containerfile")).toList()) {
            String value = line.substring(line.indexOf('"') + 1, line.lastIndexOf('"'));
            String fileName = value.substring(value.lastIndexOf('/') + 1);
            assertThat(edf.path().resolveSibling(fileName))
                    .as("%s names Containerfile %s, which the example folder must hold", edf.display(), fileName)
                    .isRegularFile();
        }
    }
}
