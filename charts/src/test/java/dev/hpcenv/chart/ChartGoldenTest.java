package dev.hpcenv.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rendered chart, per scenario, equals the reviewed snapshot in src/test/resources/golden/. A change
 * to a template shows up as a diff of these files in review. Run with -Dhpcenv.updateGenerated=true to
 * rewrite them, then read the diff before committing.
 */
class ChartGoldenTest {
    static final String UPDATE_PROPERTY = "hpcenv.updateGenerated";
    static final String HINT =
            "if the change is intended, run `mvn -q -B -pl charts test -Dhpcenv.updateGenerated=true`"
                    + " and review the diff of charts/src/test/resources/golden/";

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void renderingEqualsGoldenFile(Scenario scenario) throws IOException {
        String rendered = withoutGeneratedKeys(scenario.render());
        Path golden = scenario.golden();
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            write(golden, rendered);
        }
        assertThat(golden)
                .as("golden file of %s is missing; %s", scenario, HINT)
                .isRegularFile();
        assertThat(rendered)
                .as("chart rendered with %s differs from %s; %s", scenario, golden.getFileName(), HINT)
                .isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }

    /**
     * The log API's CA, certificate and key are made anew at each `helm template` (genCA, genSignedCert):
     * the snapshot holds a placeholder where they are. LogsChartTest checks what they are.
     */
    static String withoutGeneratedKeys(String rendered) {
        return rendered.replaceAll("(?m)^(\\s*(?:ca\\.crt|tls\\.crt|tls\\.key|caBundle): )\\S+$", "$1<generated>");
    }

    // Through a temporary file and a rename: an interrupted update never leaves half a snapshot.
    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
