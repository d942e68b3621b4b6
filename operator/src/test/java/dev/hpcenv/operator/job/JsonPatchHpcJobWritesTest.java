package dev.hpcenv.operator.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.HpcJobPhase;
import dev.hpcenv.crd.v1alpha1.HpcJobStatus;
import dev.hpcenv.kube.embedded.EmbeddedKubernetesApi;
import dev.hpcenv.operator.testing.ProjectApi;
import dev.hpcenv.operator.testing.Resources;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reconciler's own JSON Patches against the embedded API: finalizer in and out, status, UID guard. */
class JsonPatchHpcJobWritesTest {

    private EmbeddedKubernetesApi api;
    private KubernetesClient client;
    private JsonPatchHpcJobWrites writes;

    @BeforeEach
    void start() {
        api = ProjectApi.start();
        client = ProjectApi.client(api);
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(Resources.NAMESPACE)
                        .endMetadata()
                        .build())
                .create();
        writes = new JsonPatchHpcJobWrites(client);
    }

    @AfterEach
    void stop() {
        client.close();
        api.close();
    }

    private HpcJob create(String name) {
        HpcJob job = Resources.job(name);
        job.getMetadata().setUid(null);
        job.getMetadata().setCreationTimestamp(null);
        return client.resource(job).create();
    }

    private HpcJob stored(String name) {
        return client.resources(HpcJob.class)
                .inNamespace(Resources.NAMESPACE)
                .withName(name)
                .get();
    }

    @Test
    void addsTheFinalizerBesideOthersAndKeepsThem() {
        // Given: another controller's finalizer arrived after our copy was read
        HpcJob job = create("train");
        client.resources(HpcJob.class)
                .inNamespace(Resources.NAMESPACE)
                .withName("train")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"finalizers\":[\"other/finalizer\"]}}");
        // When
        writes.addFinalizer(job);
        // Then
        assertThat(stored("train").getMetadata().getFinalizers())
                .containsExactly("other/finalizer", FinalizerStep.FINALIZER);
        assertThat(job.getMetadata().getFinalizers()).contains(FinalizerStep.FINALIZER);
    }

    @Test
    void writesTheStatusAndRemovesTheFinalizerSoThatDeletionCompletes() {
        // Given
        HpcJob job = create("train");
        writes.addFinalizer(job);
        HpcJobStatus status = new HpcJobStatus();
        status.setPhase(HpcJobPhase.SUBMITTED);
        status.setSlurmJobId(1234L);
        job.setStatus(status);
        // When
        writes.writeStatus(job);
        // Then
        assertThat(stored("train").getStatus().getSlurmJobId()).isEqualTo(1234L);
        // And when deleted, the object stays until the finalizer is removed
        client.resource(stored("train")).delete();
        HpcJob deleting = stored("train");
        assertThat(deleting.isMarkedForDeletion()).isTrue();
        writes.removeFinalizer(deleting);
        assertThat(stored("train")).isNull();
    }

    @Test
    void neverWritesIntoARecreatedHpcJobOfTheSameName() {
        // Given: the copy the reconcile holds is of an HpcJob deleted and created again meanwhile
        HpcJob old = create("train");
        client.resource(stored("train")).delete();
        create("train");
        old.setStatus(new HpcJobStatus());
        old.getStatus().setSlurmJobId(1234L);
        // When / Then
        assertThatThrownBy(() -> writes.writeStatus(old)).isInstanceOf(KubernetesClientException.class);
        assertThatThrownBy(() -> writes.addFinalizer(old))
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("deleted meanwhile");
        assertThat(stored("train").getStatus()).isNull();
        assertThat(stored("train").getMetadata().getFinalizers()).isEmpty();
    }

    @Test
    void removingTheFinalizerKeepsTheOthers() {
        // Given
        HpcJob job = create("train");
        writes.addFinalizer(job);
        client.resources(HpcJob.class)
                .inNamespace(Resources.NAMESPACE)
                .withName("train")
                .edit(j -> {
                    List<String> f = new ArrayList<>(j.getMetadata().getFinalizers());
                    f.add(0, "other/finalizer");
                    j.getMetadata().setFinalizers(f);
                    return j;
                });
        // When: our copy still has the finalizer at index 0
        writes.removeFinalizer(job);
        // Then
        assertThat(stored("train").getMetadata().getFinalizers()).containsExactly("other/finalizer");
    }
}
