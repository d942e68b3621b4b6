package dev.hpcenv.operator.testing;

import dev.hpcenv.crd.v1alpha1.ClusterHpcEnvironment;
import dev.hpcenv.crd.v1alpha1.HpcEnvironment;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import dev.hpcenv.operator.cache.ResourceLookups;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** In-memory lookups standing in for the informer caches. */
public final class MapLookups implements ResourceLookups {

    private final Map<String, HpcEnvironment> environments = new ConcurrentHashMap<>();
    private final Map<String, ClusterHpcEnvironment> clusterEnvironments = new ConcurrentHashMap<>();
    private final Map<String, SlurmCluster> clusters = new ConcurrentHashMap<>();

    public MapLookups add(HpcEnvironment env) {
        environments.put(
                env.getMetadata().getNamespace() + "/" + env.getMetadata().getName(), env);
        return this;
    }

    public MapLookups add(ClusterHpcEnvironment env) {
        clusterEnvironments.put(env.getMetadata().getName(), env);
        return this;
    }

    public MapLookups add(SlurmCluster cluster) {
        clusters.put(cluster.getMetadata().getName(), cluster);
        return this;
    }

    @Override
    public Optional<HpcEnvironment> namespaced(String namespace, String name) {
        return Optional.ofNullable(environments.get(namespace + "/" + name));
    }

    @Override
    public Optional<ClusterHpcEnvironment> clusterScoped(String name) {
        return Optional.ofNullable(clusterEnvironments.get(name));
    }

    @Override
    public Optional<SlurmCluster> slurmCluster(String name) {
        return Optional.ofNullable(clusters.get(name));
    }

    @Override
    public java.util.List<SlurmCluster> slurmClusters() {
        return java.util.List.copyOf(clusters.values());
    }

    @Override
    public Set<String> siteVariables() {
        Set<String> names = new TreeSet<>();
        clusters.values().forEach(c -> names.addAll(c.getSpec().getNodeVariables()));
        return names;
    }
}
