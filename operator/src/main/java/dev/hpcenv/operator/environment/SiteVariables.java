package dev.hpcenv.operator.environment;

import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The SlurmClusters as the environments see them: the names in their {@code spec.nodeVariables}. A change
 * of those names on any cluster re-checks every environment (they are few, and any job may run on any
 * cluster); the clusters' frequent status updates do not.
 */
final class SiteVariables {

    private SiteVariables() {}

    static <P extends HasMetadata> InformerEventSource<SlurmCluster, P> informer(
            Class<P> primary, IndexerResourceCache<P> primaries, EventSourceContext<P> context) {
        return new InformerEventSource<>(
                InformerEventSourceConfiguration.from(SlurmCluster.class, primary)
                        .withName("node-variables-slurmclusters")
                        .withSecondaryToPrimaryMapper(cluster ->
                                primaries.list().map(ResourceID::fromResource).collect(Collectors.toSet()))
                        .withOnUpdateFilter((updated, old) -> !Objects.equals(names(updated), names(old)))
                        .build(),
                context);
    }

    static Set<String> of(InformerEventSource<SlurmCluster, ?> clusters) {
        return clusters.list().flatMap(c -> names(c).stream()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<String> names(SlurmCluster cluster) {
        return cluster.getSpec() == null || cluster.getSpec().getNodeVariables() == null
                ? List.of()
                : cluster.getSpec().getNodeVariables();
    }
}
