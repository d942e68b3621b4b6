package dev.hpcenv.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code helm install} of charts/hpcenv on the real kube-apiserver (dev/kube-local.sh) with the
 * default values and with the production set the chart tests render (every option on): Helm and the
 * API server accept every object (the Deployment's schema, the SlurmCluster's CEL rules, the RBAC
 * objects), each rendered object exists afterwards, the ServiceAccount holds exactly the Secret rights
 * the values give it, and {@code helm uninstall} leaves nothing (ChartInstall checks it).
 */
@Tag("real-kube")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChartRealApiIT {

    /**
     * prometheus-operator's kind, which the production values' ServiceMonitor needs: a cluster with
     * metrics.serviceMonitor.enabled has prometheus-operator's CRDs; a bare API server gets a stand-in.
     */
    private static final String SERVICE_MONITORS = "servicemonitors.monitoring.coreos.com";

    private final String run = "chart-" + UUID.randomUUID().toString().substring(0, 8);
    private RealControlPlane plane;

    @BeforeAll
    void start() {
        plane = new RealControlPlane();
    }

    @AfterAll
    void stop() {
        if (plane != null) {
            plane.close();
        }
    }

    @Test
    void theDefaultValuesInstallAndUninstallWithoutLeftovers() {
        // When
        try (ChartInstall release = ChartInstall.install(
                plane, "hpcenv-" + run + "-d", run + "-defaults", ChartInstall.Values.defaults())) {
            // Then
            assertThat(release.missing())
                    .as("rendered objects the API server lacks")
                    .isEmpty();
            assertThat(release.serviceAccount()).isEqualTo("hpcenv-" + run + "-d-operator");
            assertThat(release.operatorSettings())
                    .containsEntry("HPCENV_LEADER_ELECTION", "true")
                    .containsEntry("POD_NAMESPACE", run + "-defaults");
        }
    }

    @Test
    void theProductionValuesInstallAndGrantExactlyTheirSecrets(@TempDir Path tmp) throws IOException {
        // Given: the production set with its namespaces and SlurmCluster named after this run (the
        // API server is shared), the namespace of its Secrets, and prometheus-operator's CRD
        String releaseNamespace = run + "-prod";
        String slurmSystem = run + "-slurm-system";
        KubernetesClient admin = plane.client();
        admin.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(slurmSystem)
                        .endMetadata()
                        .build())
                .create();
        installServiceMonitorCrd(admin);
        Path values = runScoped(
                productionValues(),
                tmp.resolve("production.yaml"),
                Map.of("slurm-system", slurmSystem, "hpcenv-system", releaseNamespace, "daint", run + "-daint"));
        // When
        try (ChartInstall release = ChartInstall.install(
                plane, "hpcenv-" + run + "-p", releaseNamespace, ChartInstall.Values.file(values))) {
            // Then
            assertThat(release.missing())
                    .as("rendered objects the API server lacks")
                    .isEmpty();
            assertThat(release.rendered())
                    .extracting(o -> o.getKind())
                    .contains("ServiceMonitor", "SlurmCluster", "Secret", "Deployment", "ClusterRole");
            assertThat(release.serviceAccount()).isEqualTo("hpcenv-controller");
            Deployment deployment = release.deployment();
            assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
            try (KubernetesClient asOperator =
                    plane.api().clientAsServiceAccount(releaseNamespace, release.serviceAccount())) {
                assertThat(asOperator
                                .secrets()
                                .inNamespace(slurmSystem)
                                .withName("daint-jwt-key")
                                .get())
                        .as("the SlurmCluster's Secret, which the chart created")
                        .isNotNull();
                assertThatThrownBy(() ->
                                asOperator.secrets().inNamespace(slurmSystem).list())
                        .as("listing the Secrets of " + slurmSystem)
                        .isInstanceOfSatisfying(
                                KubernetesClientException.class,
                                e -> assertThat(e.getCode()).isEqualTo(403));
                assertThatThrownBy(() -> asOperator
                                .secrets()
                                .inNamespace(releaseNamespace)
                                .withName("sh.helm.release.v1.hpcenv-" + run + "-p.v1")
                                .get())
                        .as("a Secret of the release namespace that rbac.secretAccess does not list")
                        .isInstanceOfSatisfying(
                                KubernetesClientException.class,
                                e -> assertThat(e.getCode()).isEqualTo(403));
            }
        }
    }

    private static Path productionValues() {
        return ChartInstall.chart()
                .resolve("../src/test/resources/values/production.yaml")
                .normalize();
    }

    /** {@code values} with every string value named in {@code renames} replaced, written to {@code to}. */
    private static Path runScoped(Path values, Path to, Map<String, String> renames) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode tree = yaml.readTree(values.toFile());
        rename(tree, renames);
        Files.writeString(to, yaml.writeValueAsString(tree));
        return to;
    }

    private static void rename(JsonNode node, Map<String, String> renames) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getValue().isTextual()
                        && renames.containsKey(field.getValue().asText())) {
                    field.setValue(new TextNode(renames.get(field.getValue().asText())));
                } else {
                    rename(field.getValue(), renames);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isTextual() && renames.containsKey(array.get(i).asText())) {
                    array.set(i, new TextNode(renames.get(array.get(i).asText())));
                } else {
                    rename(array.get(i), renames);
                }
            }
        }
    }

    /** A stand-in for prometheus-operator's ServiceMonitor CRD, shared by the run like the project's CRDs. */
    private void installServiceMonitorCrd(KubernetesClient admin) {
        CustomResourceDefinition crd = new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName(SERVICE_MONITORS)
                .endMetadata()
                .withNewSpec()
                .withGroup("monitoring.coreos.com")
                .withScope("Namespaced")
                .withNewNames()
                .withKind("ServiceMonitor")
                .withListKind("ServiceMonitorList")
                .withPlural("servicemonitors")
                .withSingular("servicemonitor")
                .endNames()
                .addNewVersion()
                .withName("v1")
                .withServed(true)
                .withStorage(true)
                .withNewSchema()
                .withNewOpenAPIV3Schema()
                .withType("object")
                .withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema()
                .endSchema()
                .endVersion()
                .endSpec()
                .build();
        try {
            admin.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
        plane.awaitEstablished(SERVICE_MONITORS);
    }
}
