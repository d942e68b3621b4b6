package dev.hpcenv.crd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.testing.CommittedFiles;
import dev.hpcenv.crd.testing.GeneratedCrds;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CRDs committed under crds/manifests/ and charts/hpcenv/crds/ are byte for byte what the model
 * generates, and there is no stale file beside them. Plain {@code mvn test} fails on drift, also where
 * CI does not run {@code git diff}.
 */
class GeneratedCrdsMatchCommittedTest {

    @Test
    void manifestsMatchTheModel() throws IOException {
        assertCommittedCopiesMatch(CommittedFiles.manifestsDir());
    }

    @Test
    void chartCrdsMatchTheModel() throws IOException {
        assertCommittedCopiesMatch(CommittedFiles.chartCrdsDir());
    }

    private static void assertCommittedCopiesMatch(Path dir) throws IOException {
        List<String> expectedNames = GeneratedCrds.KINDS.stream()
                .map(GeneratedCrds::fileName)
                .sorted()
                .toList();
        if (CommittedFiles.updating()) {
            removeStale(dir, expectedNames);
        }
        for (Class<? extends HasMetadata> kind : GeneratedCrds.KINDS) {
            Path committed = dir.resolve(GeneratedCrds.fileName(kind));
            String generated = GeneratedCrds.yaml(kind);
            if (CommittedFiles.updating()) {
                CommittedFiles.write(committed, generated);
            }
            assertThat(CommittedFiles.readOrNull(committed))
                    .as(
                            "%s differs from the CRD generated from the Java model; %s",
                            committed, CommittedFiles.UPDATE_HINT)
                    .isEqualTo(generated);
        }
        assertThat(listYaml(dir))
                .as(
                        "files in %s that the model does not generate (a renamed or removed kind?); %s",
                        dir, CommittedFiles.UPDATE_HINT)
                .containsExactlyElementsOf(expectedNames);
    }

    private static void removeStale(Path dir, List<String> expectedNames) throws IOException {
        for (String name : listYaml(dir)) {
            if (!expectedNames.contains(name)) {
                Files.delete(dir.resolve(name));
            }
        }
    }

    private static List<String> listYaml(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yml") || n.endsWith(".yaml"))
                    .sorted()
                    .toList();
        }
    }
}
