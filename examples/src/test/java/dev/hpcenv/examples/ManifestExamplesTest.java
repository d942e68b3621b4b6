package dev.hpcenv.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.hpcenv.crd.testing.CrdSchemaValidator;
import dev.hpcenv.examples.ExampleFiles.Category;
import dev.hpcenv.examples.ExampleFiles.ExampleFile;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Kubernetes manifest under examples/ is what its name says (NN.Kind.name.yaml, one object), is
 * valid (hpcenv.dev kinds against the generated CRD schema and CEL rules, core kinds against the fabric8
 * model), and refers only to environments and clusters that its example defines (a SlurmCluster may
 * also be the runnable demo's, examples/demo).
 */
class ManifestExamplesTest {
    static final String GROUP_VERSION = "hpcenv.dev/v1alpha1";
    /** The cluster the use-case examples run on; examples/README.md tells admins to define it. */
    static final String USE_CASE_CLUSTER = "alps";
    /** The runnable setup (SlurmCluster, namespace) that other examples may run in. */
    static final String DEMO_EXAMPLE = "demo";

    private static final Set<String> CLUSTER_SCOPED = Set.of("ClusterHpcEnvironment", "SlurmCluster", "Namespace");
    private static final YAMLMapper YAML = new YAMLMapper();

    private static CrdSchemaValidator validator;

    @BeforeAll
    static void loadSchemas() {
        validator = CrdSchemaValidator.forGeneratedCrds();
    }

    static Stream<ExampleFile> manifests() {
        return ExampleFiles.of(Category.MANIFEST).stream();
    }

    /** One object of an example, with the example (first folder under examples/) it belongs to. */
    record ExampleObject(String example, ExampleFile file, JsonNode object) {
        String kind() {
            return object.path("kind").asText();
        }

        String name() {
            return object.path("metadata").path("name").asText();
        }

        String namespace() {
            return object.path("metadata").path("namespace").asText("");
        }
    }

    static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void fileNameSaysOrderKindAndName(ExampleFile file) throws IOException {
        ManifestNames names = ManifestNames.parse(file)
                .orElseThrow(() -> new AssertionError(file.display()
                        + ": example manifests are named NN.Kind.name.yaml (e.g. 05.HpcJob.hello.yaml)"));
        List<JsonNode> docs = documents(file.path());

        assertThat(docs).as("%s holds one object", file.display()).hasSize(1);
        assertThat(docs.get(0).path("kind").asText())
                .as("kind in %s", file.display())
                .isEqualTo(names.kind());
        assertThat(docs.get(0).path("metadata").path("name").asText())
                .as("metadata.name in %s", file.display())
                .isEqualTo(names.name());
        boolean clusterScoped = CLUSTER_SCOPED.contains(names.kind());
        assertThat(docs.get(0).path("metadata").has("namespace"))
                .as("%s: namespaced objects name their namespace, cluster-scoped ones none", file.display())
                .isEqualTo(!clusterScoped);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void isValidForTheApiServer(ExampleFile file) throws IOException {
        JsonNode object = documents(file.path()).get(0);
        if (object.path("apiVersion").asText().equals(GROUP_VERSION)) {
            assertThat(validator.validateFile(file.path()))
                    .as("CRD schema violations")
                    .isEmpty();
        } else {
            KubernetesResource parsed = new KubernetesSerialization().unmarshal(object.toString());
            assertThat(parsed)
                    .as("%s parses into the fabric8 model", file.display())
                    .isInstanceOf(HasMetadata.class)
                    .isNotInstanceOf(GenericKubernetesResource.class);
        }
    }

    @Test
    void referencesResolveWithinEachExample() throws IOException {
        List<ExampleObject> objects = new ArrayList<>();
        for (ExampleFile file : ExampleFiles.of(Category.MANIFEST)) {
            String example = ExampleFiles.examplesDir()
                    .relativize(file.path())
                    .getName(0)
                    .toString();
            documents(file.path()).forEach(d -> objects.add(new ExampleObject(example, file, d)));
        }
        Map<String, List<ExampleObject>> byExample =
                objects.stream().collect(Collectors.groupingBy(ExampleObject::example));
        List<String> problems = new ArrayList<>();
        byExample.forEach((example, inExample) -> {
            for (ExampleObject o : inExample) {
                JsonNode spec = o.object().path("spec");
                switch (o.kind()) {
                    case "HpcEnvironment", "ClusterHpcEnvironment" ->
                        spec.path("baseEnvironments").forEach(base -> {
                            if (!environmentExists(inExample, base.asText(), o.namespace(), true)) {
                                problems.add(o.file().display() + ": base environment '" + base.asText()
                                        + "' is not defined in examples/" + example);
                            }
                        });
                    case "HpcJob" -> {
                        JsonNode ref = spec.path("environmentRef");
                        boolean cluster =
                                ref.path("kind").asText("HpcEnvironment").equals("ClusterHpcEnvironment");
                        if (!ref.isMissingNode()
                                && !environmentExists(
                                        inExample,
                                        ref.path("name").asText(),
                                        cluster ? null : o.namespace(),
                                        cluster)) {
                            problems.add(o.file().display() + ": environmentRef '"
                                    + ref.path("name").asText() + "' is not defined in examples/" + example);
                        }
                        JsonNode clusterRef = spec.path("clusterRef");
                        List<String> clusterNames = new ArrayList<>();
                        if (clusterRef.has("names")) {
                            clusterRef.path("names").forEach(n -> clusterNames.add(n.asText()));
                        } else if (!clusterRef.has("selector")) {
                            clusterNames.add(clusterRef.path("name").asText());
                        }
                        boolean anyDefined =
                                inExample.stream().anyMatch(x -> x.kind().equals("SlurmCluster"));
                        for (String clusterName : clusterNames) {
                            boolean defined = inExample.stream()
                                    .anyMatch(x -> x.kind().equals("SlurmCluster")
                                            && x.name().equals(clusterName));
                            // An example made to run in the demo's cluster uses the demo's SlurmCluster.
                            boolean demoCluster = byExample.getOrDefault(DEMO_EXAMPLE, List.of()).stream()
                                    .anyMatch(x -> x.kind().equals("SlurmCluster")
                                            && x.name().equals(clusterName));
                            if (!defined
                                    && !(demoCluster && !anyDefined)
                                    && (anyDefined || !clusterName.equals(USE_CASE_CLUSTER))) {
                                problems.add(o.file().display() + ": clusterRef '" + clusterName + "' is neither a"
                                        + " SlurmCluster of examples/" + example + " or examples/" + DEMO_EXAMPLE
                                        + " nor '" + USE_CASE_CLUSTER + "'");
                            }
                        }
                        // A selector must match a SlurmCluster of its example (matchLabels; expressions
                        // are the operator's and its tests').
                        JsonNode labels = clusterRef.path("selector").path("matchLabels");
                        if (clusterRef.has("selector")
                                && inExample.stream()
                                        .noneMatch(x -> x.kind().equals("SlurmCluster")
                                                && labelsMatch(
                                                        labels,
                                                        x.object()
                                                                .path("metadata")
                                                                .path("labels")))) {
                            problems.add(o.file().display() + ": clusterRef.selector matches no SlurmCluster of"
                                    + " examples/" + example);
                        }
                    }
                    default -> {}
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    private static boolean labelsMatch(JsonNode wanted, JsonNode labels) {
        java.util.Iterator<Map.Entry<String, JsonNode>> fields = wanted.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (!f.getValue().asText().equals(labels.path(f.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    /** A namespaced environment of that namespace, else (when allowed) a ClusterHpcEnvironment: the operator's lookup. */
    private static boolean environmentExists(
            List<ExampleObject> objects, String name, String namespace, boolean clusterAllowed) {
        return objects.stream()
                .anyMatch(o -> o.name().equals(name)
                        && (o.kind().equals("HpcEnvironment")
                                        && namespace != null
                                        && o.namespace().equals(namespace)
                                || clusterAllowed && o.kind().equals("ClusterHpcEnvironment")));
    }
}
