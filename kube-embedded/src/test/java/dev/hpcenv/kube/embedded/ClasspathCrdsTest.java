package dev.hpcenv.kube.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How callers hand the API its CRDs: YAML documents, a class-path folder; and what it refuses. */
class ClasspathCrdsTest {

    @Test
    void findsTheCrdsOfAGroupInAClassPathFolder() {
        List<ObjectNode> crds = ClasspathCrds.ofGroup(HpcenvCrds.FOLDER, "hpcenv.dev");

        assertThat(crds)
                .extracting(crd -> crd.path("metadata").path("name").asText())
                .containsExactly(
                        "clusterhpcenvironments.hpcenv.dev",
                        "hpcenvironments.hpcenv.dev",
                        "hpcjobs.hpcenv.dev",
                        "slurmclusters.hpcenv.dev");
    }

    @Test
    void ignoresOtherGroups() {
        assertThat(ClasspathCrds.ofGroup(HpcenvCrds.FOLDER, "example.com")).isEmpty();
    }

    @Test
    void anApiWithTheHandedCrdsServesTheirKinds() {
        try (EmbeddedKubernetesApi api = HpcenvCrds.api().start();
                var client = TestClients.of(api)) {
            assertThat(client.getApiResources("hpcenv.dev/v1alpha1").getResources())
                    .extracting(r -> r.getName())
                    .contains(
                            "hpcjobs", "hpcjobs/status", "hpcenvironments", "clusterhpcenvironments", "slurmclusters");
        }
        assertThatThrownBy(() -> EmbeddedKubernetesApi.withCrds(List.of(), 0).port())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void yamlTextMayHoldSeveralDocumentsAndOnlyCrdsAreKept() {
        String yaml = TestCrds.widgets().toString()
                + "\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n---\n" + TestCrds.gadgets();

        assertThat(CrdDocuments.fromYaml("two.yaml", yaml))
                .extracting(crd -> crd.path("spec").path("names").path("plural").asText())
                .containsExactly("widgets", "gadgets");
    }

    @Test
    void textThatIsNotYamlIsOneLineNamingItsSource() {
        assertThatThrownBy(() -> CrdDocuments.fromYaml("crds/broken.yaml", "kind: [unclosed"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("crds/broken.yaml: not a YAML document: ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aCrdTheApiCannotServeIsRefusedNamingItAndTheField() {
        ObjectNode noPlural = TestCrds.widgets();
        ((ObjectNode) noPlural.path("spec").path("names")).remove("plural");
        ObjectNode notACrd = TestCrds.gadgets().put("kind", "Gadget");

        assertThatThrownBy(() -> EmbeddedKubernetesApi.withCrds(List.of(noPlural), 0))
                .hasMessage("CRD widgets.test.hpcenv.dev: spec.names.plural: Required value");
        assertThatThrownBy(() -> EmbeddedKubernetesApi.withCrds(List.of(notACrd), 0))
                .hasMessage("CRD gadgets.test.hpcenv.dev: not an apiextensions.k8s.io/v1 CustomResourceDefinition"
                        + " (apiVersion \"apiextensions.k8s.io/v1\", kind \"Gadget\")");
    }

    @Test
    void aMalformedCrdSentToTheApiIsInvalidAndDiscoveryKeepsWorking() {
        try (EmbeddedKubernetesApi api =
                        EmbeddedKubernetesApi.withCrds(TestCrds.all(), 0).start();
                var client = TestClients.of(api)) {
            // Given
            ObjectNode broken = TestCrds.gadgets();
            broken.with("metadata").put("name", "sprockets.test.hpcenv.dev");
            ((ObjectNode) broken.path("spec")).remove("scope");
            ((ObjectNode) broken.path("spec").path("names"))
                    .put("plural", "sprockets")
                    .put("kind", "Sprocket");
            // When
            var refused = org.assertj.core.api.Assertions.catchThrowableOfType(
                    KubernetesClientException.class,
                    () -> client.apiextensions()
                            .v1()
                            .customResourceDefinitions()
                            .resource(client.getKubernetesSerialization()
                                    .unmarshal(
                                            broken.toString(),
                                            io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition
                                                    .class))
                            .create());
            // Then
            assertThat(refused.getCode()).isEqualTo(422);
            assertThat(refused.getMessage()).contains("spec.scope: Required value");
            assertThat(client.getApiResources(TestCrds.GROUP + "/v1").getResources())
                    .extracting(r -> r.getName())
                    .contains("widgets")
                    .doesNotContain("sprockets");
        }
    }
}
