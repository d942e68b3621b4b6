package dev.hpcenv.operator.cache;

import dev.hpcenv.crd.v1alpha1.ClusterHpcEnvironment;
import dev.hpcenv.crd.v1alpha1.HpcEnvironment;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Optional;

/**
 * Lookups over the informer caches a controller registered; a source it did not register reads as
 * empty. Reads never go to the API server: the caches are what triggers the reconciles, so they
 * are also what the reconcile must see.
 */
public final class InformerLookups implements ResourceLookups {

    private final InformerEventSource<HpcEnvironment, ?> environments;
    private final InformerEventSource<ClusterHpcEnvironment, ?> clusterEnvironments;
    private final InformerEventSource<SlurmCluster, ?> clusters;

    public InformerLookups(
            InformerEventSource<HpcEnvironment, ?> environments,
            InformerEventSource<ClusterHpcEnvironment, ?> clusterEnvironments,
            InformerEventSource<SlurmCluster, ?> clusters) {
        this.environments = environments;
        this.clusterEnvironments = clusterEnvironments;
        this.clusters = clusters;
    }

    @Override
    public Optional<HpcEnvironment> namespaced(String namespace, String name) {
        return environments == null ? Optional.empty() : environments.get(new ResourceID(name, namespace));
    }

    @Override
    public Optional<ClusterHpcEnvironment> clusterScoped(String name) {
        return clusterEnvironments == null ? Optional.empty() : clusterEnvironments.get(new ResourceID(name));
    }

    @Override
    public Optional<SlurmCluster> slurmCluster(String name) {
        return clusters == null ? Optional.empty() : clusters.get(new ResourceID(name));
    }

    @Override
    public List<SlurmCluster> slurmClusters() {
        return clusters == null ? List.of() : clusters.list().toList();
    }
}
