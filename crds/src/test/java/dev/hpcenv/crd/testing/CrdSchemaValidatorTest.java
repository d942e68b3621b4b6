package dev.hpcenv.crd.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sample resources against the generated openAPIV3Schema and its CEL rules: the shared CRD validation
 * cases of crds/validation-cases, which kube-embedded's tests also run against the embedded API and a
 * real kube-apiserver. Each invalid sample names, in a line {@code # json-schema-expect: ...}, the one
 * violation this JSON-schema validator must produce ({@code # field:} and {@code # message:} are the
 * API server's wording).
 */
class CrdSchemaValidatorTest {
    private static final CrdSchemaValidator VALIDATOR = CrdSchemaValidator.forGeneratedCrds();

    static Stream<Path> valid() throws Exception {
        return list("valid");
    }

    static Stream<Path> invalid() throws Exception {
        return list("invalid");
    }

    @ParameterizedTest
    @MethodSource("valid")
    void validSamplesPass(Path file) {
        assertThat(VALIDATOR.validateFile(file)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void invalidSamplesFailWithTheExpectedViolation(Path file) throws IOException {
        String prefix = "# json-schema-expect: ";
        String expected = Files.readAllLines(file).stream()
                .filter(line -> line.startsWith(prefix))
                .map(line -> line.substring(prefix.length()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(file + ": no '" + prefix + "' line"));
        List<String> problems = VALIDATOR.validateFile(file);
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith(file + " (document 1): ").contains(expected);
    }

    @Test
    void unknownKindIsReportedNotIgnored() {
        assertThat(VALIDATOR.validate("apiVersion: hpcenv.dev/v1alpha1\nkind: HpcJobs\nmetadata: {name: a}\n"))
                .singleElement()
                .asString()
                .contains("kind 'HpcJobs' is not a kind of this API");
    }

    @Test
    void unreadableYamlNamesTheFile(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("broken.yaml"), "kind: [unclosed\n");
        assertThat(VALIDATOR.validateFile(file)).singleElement().asString().startsWith(file + ": not readable as YAML");
    }

    private static Stream<Path> list(String dir) throws IOException, URISyntaxException {
        Path root = Path.of(CrdSchemaValidatorTest.class
                .getResource("/crd-validation-cases/" + dir)
                .toURI());
        try (Stream<Path> files = Files.list(root)) {
            return files.sorted().toList().stream();
        }
    }
}
