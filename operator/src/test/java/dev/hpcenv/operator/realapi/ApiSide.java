package dev.hpcenv.operator.realapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpcenv.crd.v1alpha1.ClusterHpcEnvironment;
import dev.hpcenv.crd.v1alpha1.HpcEnvironment;
import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import dev.hpcenv.kube.local.NamespaceSweeper;
import dev.hpcenv.operator.cluster.SlurmClusterReconciler;
import dev.hpcenv.operator.environment.ClusterHpcEnvironmentReconciler;
import dev.hpcenv.operator.environment.HpcEnvironmentReconciler;
import dev.hpcenv.operator.events.KubernetesEventRecorder;
import dev.hpcenv.operator.job.HpcJobReconciler;
import dev.hpcenv.operator.job.JsonPatchHpcJobWrites;
import dev.hpcenv.operator.reading.TolerantReading;
import dev.hpcenv.operator.reading.UnreadableResources;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.processing.event.JosdkPrimaryWrites;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * One API server (the embedded one or the real one) with the operator's writers bound to it, as
 * HpcenvOperator binds them: a tolerant-reading client, {@link JsonPatchHpcJobWrites}, JOSDK's
 * writes of the other kinds and the event recorder. Remembers what it created to delete it.
 */
final class ApiSide implements AutoCloseable {

    final String name;
    final String namespace;
    /** The set-up client: creates the starting objects and plays the other writers (users, controllers). */
    final KubernetesClient admin;
    /** The operator's client. */
    final KubernetesClient operator;

    final JsonPatchHpcJobWrites jobWrites;
    final JosdkPrimaryWrites<HpcJob> josdkJobs;
    final JosdkPrimaryWrites<SlurmCluster> josdkClusters;
    final JosdkPrimaryWrites<HpcEnvironment> josdkEnvironments;
    final JosdkPrimaryWrites<ClusterHpcEnvironment> josdkClusterEnvironments;
    final KubernetesEventRecorder events;

    private final List<HasMetadata> created = new ArrayList<>();

    ApiSide(String name, KubernetesClient admin, String namespace, Clock clock) {
        this.name = name;
        this.admin = admin;
        this.namespace = namespace;
        this.operator = TolerantReading.client(admin, new UnreadableResources());
        this.jobWrites = new JsonPatchHpcJobWrites(operator);
        this.josdkJobs = new JosdkPrimaryWrites<>(operator, HpcJob.class, HpcJobReconciler.NAME);
        this.josdkClusters = new JosdkPrimaryWrites<>(operator, SlurmCluster.class, SlurmClusterReconciler.NAME);
        this.josdkEnvironments =
                new JosdkPrimaryWrites<>(operator, HpcEnvironment.class, HpcEnvironmentReconciler.NAME);
        this.josdkClusterEnvironments =
                new JosdkPrimaryWrites<>(operator, ClusterHpcEnvironment.class, ClusterHpcEnvironmentReconciler.NAME);
        this.events = new KubernetesEventRecorder(operator, clock);
        admin.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(namespace)
                        .endMetadata()
                        .build())
                .create();
    }

    /** Creates {@code object} (in this side's namespace when namespaced) and returns it as stored. */
    <T extends HasMetadata> T create(T object) {
        if (object instanceof Namespaced) {
            object.getMetadata().setNamespace(namespace);
        }
        T stored = admin.resource(object).create();
        created.add(stored);
        return stored;
    }

    /** The object as stored now, or null when it is gone. */
    <T extends HasMetadata> T get(T object) {
        return admin.resource(object).get();
    }

    /** The stored object as JSON, or null. */
    JsonNode json(HasMetadata object) {
        return object == null ? null : admin.getKubernetesSerialization().convertValue(object, ObjectNode.class);
    }

    @Override
    public void close() {
        // Cluster-scoped objects carry the run id and must not outlive the run; the namespace holds the rest.
        for (HasMetadata object : created) {
            try {
                if (!(object instanceof Namespaced)) {
                    HasMetadata current = admin.resource(object).get();
                    if (current != null && current.getMetadata().getFinalizers() != null) {
                        // No controller of the test finishes a deletion: the finalizers go first.
                        admin.resource(current)
                                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"finalizers\":null}}");
                    }
                    admin.resource(object).delete();
                }
            } catch (RuntimeException e) {
                System.err.println(name + ": cannot delete " + object.getKind() + " "
                        + object.getMetadata().getName() + ": " + e.getMessage());
            }
        }
        // Without a namespace controller the custom resources would stay, and later operators of the run see them.
        for (String failure : NamespaceSweeper.delete(admin, namespace)) {
            System.err.println(name + ": cannot delete " + failure);
        }
        admin.close();
    }
}
