package dev.hpcenv.bench.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The operator's JVM options live in one file, which the image, the launcher and the benchmark all
 * pass as an argument file: the benchmark measures the JVM that ships.
 */
class ShippedJvmOptionsTest {
    private static final Path ROOT =
            Path.of(System.getProperty("hpcenv.root", "..")).toAbsolutePath().normalize();

    @Test
    void theImageAndTheLauncherUseTheOptionsFileTheBenchmarkUses() throws IOException {
        Path options = ROOT.resolve(OperatorUnderTest.JVM_OPTIONS);
        List<String> flags = Files.readAllLines(options).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
        assertThat(flags)
                .as(options + ": one option per line")
                .allMatch(f -> f.startsWith("-") && !f.contains(" "))
                .contains("-XX:TieredStopAtLevel=1");

        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        assertThat(dockerfile)
                .contains("cp operator/jvm.options /out/operator/")
                .contains("ENTRYPOINT [\"java\", \"@/opt/hpcenv/operator/jvm.options\"");
        for (String flag : flags) {
            assertThat(dockerfile)
                    .as("the image sets " + flag + " only through the file")
                    .doesNotContain("\"" + flag + "\"");
        }
        assertThat(Files.readString(ROOT.resolve("bin/hpcenv-operator"))).contains("@$bin/../operator/jvm.options");
    }
}
