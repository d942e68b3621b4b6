package dev.hpcenv.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.hpcenv.crd.testing.CommittedFiles;
import dev.hpcenv.crd.v1alpha1.EnvironmentKind;
import dev.hpcenv.edf.Diagnostic;
import dev.hpcenv.edf.EdfException;
import dev.hpcenv.edf.convert.ConversionOptions;
import dev.hpcenv.edf.convert.CustomResourceWriter;
import dev.hpcenv.edf.convert.EdfToResources;
import dev.hpcenv.examples.ExampleFiles.Category;
import dev.hpcenv.examples.ExampleFiles.ExampleFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The environment YAML of an example is `bin/edf convert` of the EDF beside it (NN.HpcEnvironment.NAME.yaml
 * or NN.ClusterHpcEnvironment.NAME.yaml from NAME.toml), so the two never drift. The scope and namespace
 * are taken from the committed YAML. With -Dhpcenv.updateGenerated=true the YAML is rewritten instead.
 */
class ExamplesConversionTest {
    static final String HEADER_FORMAT = "# Generated from %s.toml by `bin/edf convert` (the EDF is the source;"
            + " ExamplesConversionTest keeps them equal).\n";
    static final String HINT = "after changing the EDF, run `mvn -q -B -pl examples test -Dhpcenv.updateGenerated=true`"
            + " and review the diff";
    private static final YAMLMapper YAML = new YAMLMapper();

    /** An environment manifest and the EDF it comes from. */
    record Converted(ExampleFile yaml, Path edf, String name) {
        @Override
        public String toString() {
            return yaml.display();
        }
    }

    static Stream<Converted> environments() {
        return ExampleFiles.of(Category.MANIFEST).stream()
                .filter(f -> ManifestNames.parse(f)
                        .map(n -> n.kind().endsWith("HpcEnvironment"))
                        .orElse(false))
                .map(f -> {
                    String name = ManifestNames.parse(f).orElseThrow().name();
                    return new Converted(f, f.path().resolveSibling(name + ".toml"), name);
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void environmentYamlEqualsTheConversionOfItsEdf(Converted c) throws IOException {
        assertThat(c.edf())
                .as(
                        "%s has no EDF %s beside it; write the EDF first and convert it with bin/edf convert",
                        c.yaml().display(), c.edf().getFileName())
                .isRegularFile();
        JsonNode committed = YAML.readTree(c.yaml().path().toFile());
        boolean cluster = committed.path("kind").asText().equals("ClusterHpcEnvironment");
        String namespace = committed.path("metadata").path("namespace").asText(null);
        String expected = String.format(HEADER_FORMAT, c.name()) + convert(c.edf(), cluster, namespace);

        if (CommittedFiles.updating()) {
            CommittedFiles.write(c.yaml().path(), expected);
        }
        assertThat(Files.readString(c.yaml().path()))
                .as(
                        "%s differs from the conversion of %s; %s",
                        c.yaml().display(), c.edf().getFileName(), HINT)
                .isEqualTo(expected);
    }

    @Test
    void everyEdfHasItsEnvironmentYaml() {
        List<Path> converted = environments().map(Converted::edf).toList();

        assertThat(ExampleFiles.of(Category.EDF))
                .allSatisfy(edf -> assertThat(converted)
                        .as(
                                "%s has no NN.HpcEnvironment.%s.yaml (or ClusterHpcEnvironment) beside it; create it with"
                                        + " bin/edf convert",
                                edf.display(), edf.fileName().replace(".toml", ""))
                        .contains(edf.path()));
    }

    private static String convert(Path edf, boolean cluster, String namespace) {
        ConversionOptions options = new ConversionOptions(
                null,
                cluster ? null : namespace,
                cluster ? EnvironmentKind.CLUSTER_HPC_ENVIRONMENT : EnvironmentKind.HPC_ENVIRONMENT,
                false,
                false,
                false);
        try {
            EdfToResources.Result result = new EdfToResources(EdfExamplesTest.resolverFor(edf.getParent()), Map.of())
                    .convert(edf.toString(), options);
            return CustomResourceWriter.write(result.resources());
        } catch (EdfException e) {
            throw new AssertionError("cannot convert " + edf + ":\n"
                    + String.join(
                            "\n",
                            e.diagnostics().stream().map(Diagnostic::format).toList()));
        }
    }
}
