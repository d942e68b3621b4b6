package dev.hpcenv.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.hpcenv.examples.ExampleFiles.Category;
import dev.hpcenv.examples.ExampleFiles.ExampleFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The GitOps layout builds: each kustomization names only files and folders that exist (a folder must
 * hold its own kustomization.yaml), and every manifest of the tree is reached from the top one, so that
 * `kubectl apply -k`, Argo CD and Flux apply all of it.
 */
class KustomizationTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void everyKustomizationNamesExistingResourcesAndReachesEveryManifest() throws IOException {
        List<ExampleFile> kustomizations = ExampleFiles.of(Category.KUSTOMIZATION);
        assertThat(kustomizations).as("examples/gitops has a kustomization").isNotEmpty();
        List<String> problems = new ArrayList<>();
        Set<Path> reached = new LinkedHashSet<>();
        for (ExampleFile top :
                kustomizations.stream().filter(k -> isTop(k.path())).toList()) {
            collect(top.path(), reached, problems);
        }
        assertThat(problems).isEmpty();
        for (ExampleFile k : kustomizations) {
            Path tree = k.path().getParent();
            List<ExampleFile> manifests = ExampleFiles.of(Category.MANIFEST).stream()
                    .filter(m -> m.path().startsWith(tree))
                    .toList();
            assertThat(manifests)
                    .allSatisfy(m -> assertThat(reached)
                            .as("%s is not named by any kustomization above it", m.display())
                            .contains(m.path()));
        }
    }

    /** Where kubectl is at hand, its built-in kustomize builds the tree into exactly the example's objects. */
    @Test
    void kubectlKustomizeBuildsEveryObjectWithTheCommonLabel() throws Exception {
        Path gitops = ExampleFiles.examplesDir().resolve("gitops");
        Path out = Files.createTempFile("kustomize", ".yaml");
        try {
            Process p;
            try {
                p = new ProcessBuilder("kubectl", "kustomize", gitops.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile())
                        .start();
            } catch (IOException e) {
                Assumptions.abort("SKIPPED: kubectl not available, kustomize build not checked");
                return;
            }
            assertThat(p.waitFor(60, TimeUnit.SECONDS))
                    .as("kubectl kustomize finished")
                    .isTrue();
            String output = Files.readString(out);
            assertThat(p.exitValue())
                    .as("kubectl kustomize %s failed:%n%s", gitops, output)
                    .isZero();
            List<JsonNode> built = ManifestExamplesTest.documents(out);
            Set<String> expected = new LinkedHashSet<>();
            for (ExampleFile m : ExampleFiles.of(Category.MANIFEST)) {
                if (m.path().startsWith(gitops)) {
                    JsonNode doc = ManifestExamplesTest.documents(m.path()).get(0);
                    expected.add(doc.path("kind").asText() + "/"
                            + doc.path("metadata").path("name").asText());
                }
            }
            assertThat(built.stream()
                            .map(d -> d.path("kind").asText() + "/"
                                    + d.path("metadata").path("name").asText())
                            .collect(Collectors.toSet()))
                    .isEqualTo(expected);
            assertThat(built)
                    .allSatisfy(d -> assertThat(d.path("metadata")
                                    .path("labels")
                                    .path("app.kubernetes.io/part-of")
                                    .asText())
                            .isEqualTo("ml-training"));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static boolean isTop(Path kustomization) {
        return !Files.isRegularFile(kustomization.getParent().getParent().resolve("kustomization.yaml"));
    }

    private static void collect(Path kustomization, Set<Path> reached, List<String> problems) throws IOException {
        JsonNode k = YAML.readTree(kustomization.toFile());
        if (!k.path("kind").asText().equals("Kustomization")) {
            problems.add(kustomization + ": kind is not Kustomization");
        }
        for (JsonNode resource : k.path("resources")) {
            Path target = kustomization.getParent().resolve(resource.asText()).normalize();
            if (!target.startsWith(kustomization.getParent())) {
                problems.add(kustomization + ": " + resource.asText() + " is outside the kustomization's folder,"
                        + " which kustomize refuses by default");
            } else if (Files.isDirectory(target)) {
                Path nested = target.resolve("kustomization.yaml");
                if (Files.isRegularFile(nested)) {
                    collect(nested, reached, problems);
                } else {
                    problems.add(kustomization + ": folder " + resource.asText() + " has no kustomization.yaml");
                }
            } else if (Files.isRegularFile(target)) {
                reached.add(target);
            } else {
                problems.add(kustomization + ": " + resource.asText() + " does not exist");
            }
        }
    }
}
