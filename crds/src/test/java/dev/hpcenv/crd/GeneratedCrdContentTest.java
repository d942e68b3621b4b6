package dev.hpcenv.crd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.testing.GeneratedCrds;
import dev.hpcenv.crd.v1alpha1.ClusterHpcEnvironment;
import dev.hpcenv.crd.v1alpha1.HpcEnvironment;
import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated CRDs carry what users and tools rely on: names, scope, columns, the status
 * subresource, enums, required fields, defaults and the CEL rules (their behaviour is checked by
 * CrdSchemaValidatorTest with standard CEL; only an API server can check their cost).
 */
class GeneratedCrdContentTest {

    static List<Class<? extends HasMetadata>> kinds() {
        return GeneratedCrds.KINDS;
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void everyKindIsInCategoryHpcWithStatusSubresource(Class<? extends HasMetadata> kind) {
        CustomResourceDefinition crd = GeneratedCrds.crd(kind);
        assertThat(crd.getSpec().getGroup()).isEqualTo(CrdConstants.GROUP);
        assertThat(crd.getSpec().getNames().getCategories()).containsExactly(CrdConstants.CATEGORY);
        assertThat(version(kind).getName()).isEqualTo(CrdConstants.VERSION);
        assertThat(version(kind).getSubresources().getStatus()).isNotNull();
        assertThat(columns(kind)).containsEntry("Age", ".metadata.creationTimestamp");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void everyFieldHasADescription(Class<? extends HasMetadata> kind) {
        JSONSchemaProps root = version(kind).getSchema().getOpenAPIV3Schema();
        assertDescribed("", root.getProperties().get("spec"));
        assertDescribed("", root.getProperties().get("status"));
    }

    @Test
    void namesAndScopes() {
        assertThat(GeneratedCrds.crd(HpcEnvironment.class).getSpec().getNames().getShortNames())
                .containsExactly("hpcenv");
        assertThat(GeneratedCrds.crd(ClusterHpcEnvironment.class)
                        .getSpec()
                        .getNames()
                        .getShortNames())
                .containsExactly("chpcenv");
        assertThat(GeneratedCrds.crd(HpcJob.class).getSpec().getNames().getShortNames())
                .containsExactly("hpcjob");
        assertThat(GeneratedCrds.crd(SlurmCluster.class).getSpec().getNames().getShortNames())
                .containsExactly("slurm");
        assertThat(GeneratedCrds.crd(HpcEnvironment.class).getSpec().getScope()).isEqualTo("Namespaced");
        assertThat(GeneratedCrds.crd(HpcJob.class).getSpec().getScope()).isEqualTo("Namespaced");
        assertThat(GeneratedCrds.crd(ClusterHpcEnvironment.class).getSpec().getScope())
                .isEqualTo("Cluster");
        assertThat(GeneratedCrds.crd(SlurmCluster.class).getSpec().getScope()).isEqualTo("Cluster");
    }

    @Test
    void printerColumns() {
        String ready = ".status.conditions[?(@.type==\"Ready\")].status";
        assertThat(columns(HpcEnvironment.class))
                .containsEntry("Image", ".spec.image")
                .containsEntry("Ready", ready)
                .containsEntry("Digest", ".status.digest");
        assertThat(columns(ClusterHpcEnvironment.class))
                .containsEntry("Image", ".spec.image")
                .containsEntry("Ready", ready);
        assertThat(columns(HpcJob.class))
                .containsEntry("Phase", ".status.phase")
                .containsEntry("JobID", ".status.slurmJobId")
                .containsEntry("Exit", ".status.exitCode")
                .containsEntry("Nodes", ".status.nodes");
        assertThat(columns(SlurmCluster.class))
                .containsEntry("URL", ".spec.url")
                .containsEntry("API", ".status.apiVersion")
                .containsEntry("Reachable", ".status.reachable")
                .containsEntry("Ready", ready);
    }

    @Test
    void jobSchema() {
        JSONSchemaProps spec = schema(HpcJob.class, "spec");
        assertThat(spec.getRequired()).containsExactlyInAnyOrder("clusterRef", "command");
        assertThat(rules(spec)).containsExactly("has(self.environmentRef) != has(self.environment)");
        assertThat(spec.getProperties().get("command").getMinItems()).isEqualTo(1L);
        assertThat(enumOf(spec.getProperties().get("mpi"))).containsExactly("none", "pmi2", "pmix");
        assertThat(spec.getProperties().get("mpi").getDefault().asText()).isEqualTo("none");
        assertThat(spec.getProperties().get("suspend").getDefault().asBoolean()).isFalse();
        JSONSchemaProps ref = spec.getProperties().get("environmentRef");
        assertThat(ref.getRequired()).containsExactly("name");
        assertThat(enumOf(ref.getProperties().get("kind"))).containsExactly("ClusterHpcEnvironment", "HpcEnvironment");
        assertThat(ref.getProperties().get("kind").getDefault().asText()).isEqualTo("HpcEnvironment");
        assertThat(spec.getProperties()).doesNotContainKeys("user", "slurmUser", "uid");
        JSONSchemaProps timeLimit =
                spec.getProperties().get("resources").getProperties().get("timeLimit");
        assertThat(timeLimit.getPattern()).isEqualTo(CrdPatterns.DURATION);
        assertThat(rules(timeLimit)).containsExactly(CrdPatterns.NOT_ZERO_DURATION_RULE);
        assertThat(timeLimit.getMaxLength()).as("bounds the CEL cost").isNotNull();
        JSONSchemaProps status = schema(HpcJob.class, "status");
        assertThat(enumOf(status.getProperties().get("phase")))
                .containsExactlyInAnyOrder("Pending", "Submitted", "Running", "Succeeded", "Failed", "Cancelled");
        assertThat(status.getProperties())
                .containsKeys(
                        "observedGeneration",
                        "conditions",
                        "slurmJobId",
                        "exitCode",
                        "signal",
                        "nodes",
                        "submitTime",
                        "startTime",
                        "endTime",
                        "environmentDigest",
                        "message");
    }

    @Test
    void clusterSchema() {
        JSONSchemaProps spec = schema(SlurmCluster.class, "spec");
        assertThat(spec.getRequired()).containsExactlyInAnyOrder("url", "auth");
        assertThat(spec.getProperties().get("url").getPattern()).isEqualTo(CrdPatterns.HTTP_URL);
        assertThat(enumOf(spec.getProperties().get("apiVersion"))).contains("auto", "v0.0.38", "v0.0.44");
        assertThat(spec.getProperties().get("apiVersion").getDefault().asText()).isEqualTo("auto");
        assertThat(spec.getProperties().get("syncIntervalSeconds").getDefault().asInt())
                .isEqualTo(10);
        assertThat(spec.getProperties().get("syncIntervalSeconds").getMinimum()).isEqualTo(1.0);
        assertThat(rules(spec.getProperties().get("auth")))
                .containsExactlyInAnyOrder(
                        "has(self.jwtKeySecretRef) != has(self.tokenSecretRef)",
                        "!has(self.jwtLifespanSeconds) || has(self.jwtKeySecretRef)");
        JSONSchemaProps mappings = spec.getProperties().get("userMappings");
        // Each namespace once: a list map keyed by namespace, which the API server keeps unique itself (a CEL
        // rule for it would be quadratic, and a real API server refuses such a CRD as too costly).
        assertThat(mappings.getXKubernetesListType()).isEqualTo("map");
        assertThat(mappings.getXKubernetesListMapKeys()).containsExactly("namespace");
        assertThat(rules(mappings)).isEmpty();
        // The rule on user runs once per mapping: bounded, so the API server's cost estimate accepts it.
        assertThat(mappings.getMaxItems()).isNotNull();
        assertThat(mappings.getItems()
                        .getSchema()
                        .getProperties()
                        .get("namespace")
                        .getMaxLength())
                .isEqualTo(63L);
        assertThat(mappings.getItems().getSchema().getRequired()).containsExactlyInAnyOrder("namespace", "user");
        assertThat(rules(mappings.getItems().getSchema().getProperties().get("user")))
                .containsExactly("self != 'root'");
    }

    @Test
    void environmentSchema() {
        JSONSchemaProps mount = schema(HpcEnvironment.class, "spec")
                .getProperties()
                .get("mounts")
                .getItems()
                .getSchema();
        assertThat(mount.getRequired()).containsExactlyInAnyOrder("source", "target");
        assertThat(enumOf(mount.getProperties().get("type"))).containsExactly("bind", "squashfs");
        assertThat(mount.getProperties().get("target").getPattern()).isEqualTo(CrdPatterns.MOUNT_TARGET);
        assertThat("${SCRATCH}/data").matches(CrdPatterns.MOUNT_TARGET);
        JSONSchemaProps condition = schema(HpcEnvironment.class, "status")
                .getProperties()
                .get("conditions")
                .getItems()
                .getSchema();
        assertThat(condition.getRequired()).containsExactlyInAnyOrder("type", "status");
    }

    /**
     * Every integer says which Java type reads it (int32 or int64) and is bounded within that type, so
     * an API server can refuse what the operator could not deserialize (2147483648 in an Integer).
     */
    @ParameterizedTest
    @MethodSource("kinds")
    void everyIntegerHasTheFormatOfItsJavaTypeAndBoundsWithinIt(Class<? extends HasMetadata> kind) {
        List<String> problems = new java.util.ArrayList<>();
        integerProblems("", version(kind).getSchema().getOpenAPIV3Schema(), problems);
        assertThat(problems).isEmpty();
    }

    @Test
    void jobResourcesHaveDocumentedMaximums() {
        JSONSchemaProps resources = schema(HpcJob.class, "spec").getProperties().get("resources");
        Map<String, Double> maximums = new java.util.TreeMap<>();
        resources.getProperties().forEach((name, p) -> {
            if ("integer".equals(p.getType())) {
                maximums.put(name, p.getMaximum());
                assertThat(p.getDescription())
                        .as(name + " says its maximum")
                        .contains("At most " + Math.round(p.getMaximum()));
            }
        });
        assertThat(maximums)
                .containsOnly(
                        Map.entry("nodes", 1_000_000.0),
                        Map.entry("tasks", 100_000_000.0),
                        Map.entry("tasksPerNode", 65_533.0),
                        Map.entry("cpusPerTask", 65_533.0),
                        Map.entry("gpus", 1024.0));
    }

    @Test
    void requeueIsBoundedBySlurmsMaxBatchRequeueAndDefaultsToNone() {
        JSONSchemaProps requeue = schema(HpcJob.class, "spec").getProperties().get("requeue");
        assertThat(requeue.getType()).isEqualTo("integer");
        assertThat(requeue.getFormat()).isEqualTo("int32");
        assertThat(requeue.getMinimum()).isZero();
        assertThat(requeue.getMaximum()).isEqualTo((double) dev.hpcenv.crd.v1alpha1.HpcJobSpec.MAX_REQUEUE);
        assertThat(requeue.getDefault().asInt()).isZero();
        assertThat(requeue.getDescription()).contains("At most 5", "MaxBatchRequeue", "NodeFail");
        JSONSchemaProps attempts =
                schema(HpcJob.class, "status").getProperties().get("attempts");
        assertThat(attempts.getMinimum()).isEqualTo(1.0);
        assertThat(attempts.getMaximum()).isEqualTo(65_535.0);
    }

    private static void integerProblems(String path, JSONSchemaProps props, List<String> problems) {
        if (props == null) {
            return;
        }
        if ("integer".equals(props.getType())) {
            long low = "int32".equals(props.getFormat()) ? Integer.MIN_VALUE : Long.MIN_VALUE;
            long high = "int32".equals(props.getFormat()) ? Integer.MAX_VALUE : Long.MAX_VALUE;
            if (!List.of("int32", "int64").contains(String.valueOf(props.getFormat()))) {
                problems.add(path + ": format " + props.getFormat());
            }
            if (props.getMinimum() == null || props.getMinimum() < low) {
                problems.add(path + ": no minimum within " + props.getFormat());
            }
            if ("int32".equals(props.getFormat()) && (props.getMaximum() == null || props.getMaximum() > high)) {
                problems.add(path + ": no maximum within int32");
            }
        }
        if (props.getProperties() != null) {
            props.getProperties().forEach((name, child) -> integerProblems(path + "." + name, child, problems));
        }
        if (props.getItems() != null) {
            integerProblems(path + "[]", props.getItems().getSchema(), problems);
        }
        if (props.getAdditionalProperties() != null) {
            integerProblems(path + "[*]", props.getAdditionalProperties().getSchema(), problems);
        }
    }

    private static void assertDescribed(String path, JSONSchemaProps props) {
        if (props.getProperties() == null) {
            return;
        }
        for (Map.Entry<String, JSONSchemaProps> e : props.getProperties().entrySet()) {
            String fieldPath = path + "." + e.getKey();
            assertThat(e.getValue().getDescription())
                    .as("description of %s", fieldPath)
                    .isNotBlank();
            assertDescribed(fieldPath, e.getValue());
            if (e.getValue().getItems() != null && e.getValue().getItems().getSchema() != null) {
                assertDescribed(fieldPath + "[]", e.getValue().getItems().getSchema());
            }
        }
    }

    private static CustomResourceDefinitionVersion version(Class<? extends HasMetadata> kind) {
        List<CustomResourceDefinitionVersion> versions =
                GeneratedCrds.crd(kind).getSpec().getVersions();
        assertThat(versions).hasSize(1);
        return versions.get(0);
    }

    private static JSONSchemaProps schema(Class<? extends HasMetadata> kind, String section) {
        return version(kind).getSchema().getOpenAPIV3Schema().getProperties().get(section);
    }

    private static Map<String, String> columns(Class<? extends HasMetadata> kind) {
        return version(kind).getAdditionalPrinterColumns().stream()
                .collect(java.util.stream.Collectors.toMap(
                        CustomResourceColumnDefinition::getName, CustomResourceColumnDefinition::getJsonPath));
    }

    private static List<String> rules(JSONSchemaProps props) {
        return props.getXKubernetesValidations() == null
                ? List.of()
                : props.getXKubernetesValidations().stream()
                        .map(ValidationRule::getRule)
                        .toList();
    }

    private static List<String> enumOf(JSONSchemaProps props) {
        return props.getEnum().stream().map(n -> n.asText()).toList();
    }
}
