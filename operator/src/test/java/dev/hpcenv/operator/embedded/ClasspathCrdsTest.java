package dev.hpcenv.operator.embedded;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClasspathCrdsTest {

    @Test
    void findsTheProjectCrdsInTheCrdsJar() {
        List<CustomResourceDefinition> crds = ClasspathCrds.ofGroup("hpcenv.dev");

        assertThat(crds).extracting(crd -> crd.getMetadata().getName()).containsExactlyInAnyOrder(
                "clusterhpcenvironments.hpcenv.dev", "hpcenvironments.hpcenv.dev", "hpcjobs.hpcenv.dev",
                "slurmclusters.hpcenv.dev");
    }

    @Test
    void ignoresOtherGroups() {
        assertThat(ClasspathCrds.ofGroup("example.com")).isEmpty();
    }

    @Test
    void anApiWithTheProjectCrdsServesTheirKinds() {
        try (EmbeddedKubernetesApi api = EmbeddedKubernetesApi.withProjectCrds().start();
             var client = api.kubernetesClient()) {
            assertThat(client.getApiResources("hpcenv.dev/v1alpha1").getResources())
                    .extracting(r -> r.getName())
                    .contains("hpcjobs", "hpcjobs/status", "hpcenvironments", "clusterhpcenvironments", "slurmclusters");
        }
        assertThatThrownBy(() -> EmbeddedKubernetesApi.withCrds(List.of(), 0).port())
                .isInstanceOf(IllegalStateException.class);
    }
}
