package dev.hpcenv.operator.environment;

import dev.hpcenv.crd.v1alpha1.ClusterHpcEnvironment;
import dev.hpcenv.crd.v1alpha1.EnvironmentSpec;
import dev.hpcenv.crd.v1alpha1.EnvironmentStatus;
import dev.hpcenv.crd.v1alpha1.HpcEnvironment;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What wakes an environment of kind {@code R}, and the caches its bases are read from: informers on the
 * environments it may name as bases (HpcEnvironments of its namespace, for an HpcEnvironment only; every
 * ClusterHpcEnvironment) mapped to their dependents through an index by base name, and the SlurmClusters'
 * node variables. Until java-operator-sdk has prepared them, every lookup reads as empty.
 */
public final class EnvironmentEventSources<R extends CustomResource<EnvironmentSpec, EnvironmentStatus>>
        implements EnvironmentLookup {

    private static final EnvironmentLookup NOTHING_YET = new EnvironmentLookup() {
        @Override
        public Optional<HpcEnvironment> namespaced(String namespace, String name) {
            return Optional.empty();
        }

        @Override
        public Optional<ClusterHpcEnvironment> clusterScoped(String name) {
            return Optional.empty();
        }
    };

    private final Class<R> kind;
    // Set once, when java-operator-sdk prepares the controller: the informers exist only from then on,
    // built from its context.
    private volatile EnvironmentLookup informers = NOTHING_YET;

    private EnvironmentEventSources(Class<R> kind) {
        this.kind = kind;
    }

    public static EnvironmentEventSources<HpcEnvironment> ofHpcEnvironments() {
        return new EnvironmentEventSources<>(HpcEnvironment.class);
    }

    public static EnvironmentEventSources<ClusterHpcEnvironment> ofClusterHpcEnvironments() {
        return new EnvironmentEventSources<>(ClusterHpcEnvironment.class);
    }

    /** The event sources of the controller of {@code R} (called by java-operator-sdk through the reconciler). */
    List<EventSource<?, R>> prepare(EventSourceContext<R> context) {
        IndexerResourceCache<R> cache = context.getPrimaryCache();
        cache.addIndexer(EnvironmentIndexes.BY_BASE, EnvironmentIndexes.byBase());
        List<EventSource<?, R>> sources = new ArrayList<>();
        // A ClusterHpcEnvironment has no namespace, so it sees cluster-scoped bases only.
        Optional<InformerEventSource<HpcEnvironment, R>> siblings = kind == HpcEnvironment.class
                ? Optional.of(new InformerEventSource<>(
                        InformerEventSourceConfiguration.from(HpcEnvironment.class, kind)
                                .withName("base-hpcenvironments")
                                .withSecondaryToPrimaryMapper(base ->
                                        cache
                                                .byIndex(
                                                        EnvironmentIndexes.BY_BASE,
                                                        base.getMetadata().getName())
                                                .stream()
                                                .filter(e -> e.getMetadata()
                                                        .getNamespace()
                                                        .equals(base.getMetadata()
                                                                .getNamespace()))
                                                .map(ResourceID::fromResource)
                                                .collect(Collectors.toSet()))
                                .build(),
                        context))
                : Optional.empty();
        siblings.ifPresent(sources::add);
        InformerEventSource<ClusterHpcEnvironment, R> clusterBases = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(ClusterHpcEnvironment.class, kind)
                        .withName("base-clusterhpcenvironments")
                        .withSecondaryToPrimaryMapper(
                                base -> cache
                                        .byIndex(
                                                EnvironmentIndexes.BY_BASE,
                                                base.getMetadata().getName())
                                        .stream()
                                        .map(ResourceID::fromResource)
                                        .collect(Collectors.toSet()))
                        .build(),
                context);
        sources.add(clusterBases);
        InformerEventSource<SlurmCluster, R> clusters = SiteVariables.informer(kind, cache, context);
        sources.add(clusters);
        this.informers = new EnvironmentLookup() {
            @Override
            public Optional<HpcEnvironment> namespaced(String namespace, String name) {
                return siblings.flatMap(s -> s.get(new ResourceID(name, namespace)));
            }

            @Override
            public Optional<ClusterHpcEnvironment> clusterScoped(String name) {
                return clusterBases.get(new ResourceID(name));
            }

            @Override
            public Set<String> siteVariables() {
                return SiteVariables.of(clusters);
            }
        };
        return sources;
    }

    @Override
    public Optional<HpcEnvironment> namespaced(String namespace, String name) {
        return informers.namespaced(namespace, name);
    }

    @Override
    public Optional<ClusterHpcEnvironment> clusterScoped(String name) {
        return informers.clusterScoped(name);
    }

    @Override
    public Set<String> siteVariables() {
        return informers.siteVariables();
    }
}
