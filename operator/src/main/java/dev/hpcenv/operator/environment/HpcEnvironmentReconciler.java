package dev.hpcenv.operator.environment;

import dev.hpcenv.crd.v1alpha1.ClusterHpcEnvironment;
import dev.hpcenv.crd.v1alpha1.HpcEnvironment;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import dev.hpcenv.operator.events.EventRecorder;
import dev.hpcenv.operator.metrics.OperatorMetrics;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Resolves HpcEnvironments. A change of any HpcEnvironment of the namespace or any
 * ClusterHpcEnvironment wakes the environments that name it as a base; a base's own status change
 * wakes its dependents in turn, so a change deep in a chain reaches the top.
 */
@ControllerConfiguration(name = HpcEnvironmentReconciler.NAME)
public final class HpcEnvironmentReconciler implements Reconciler<HpcEnvironment> {

    public static final String NAME = "hpcenvironment";

    private final EnvironmentStatusUpdate update;
    private final OperatorMetrics metrics;
    private final Clock clock;
    private volatile EnvironmentLookup lookup;

    private final dev.hpcenv.operator.reading.UnreadableResources unreadable;

    public HpcEnvironmentReconciler(EventRecorder events, OperatorMetrics metrics, Clock clock,
                    dev.hpcenv.operator.reading.UnreadableResources unreadable) {
        this.unreadable = unreadable;
        this.update = new EnvironmentStatusUpdate(events, clock);
        this.metrics = metrics;
        this.clock = clock;
    }

    /** For tests that call {@link #reconcile(HpcEnvironment)} without an operator. */
    public HpcEnvironmentReconciler withLookup(EnvironmentLookup lookup) {
        this.lookup = lookup;
        return this;
    }

    @Override
    public List<EventSource<?, HpcEnvironment>> prepareEventSources(EventSourceContext<HpcEnvironment> context) {
        IndexerResourceCache<HpcEnvironment> cache = context.getPrimaryCache();
        cache.addIndexer(EnvironmentIndexes.BY_BASE, EnvironmentIndexes.byBase());
        InformerEventSource<HpcEnvironment, HpcEnvironment> siblings = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(HpcEnvironment.class, HpcEnvironment.class)
                        .withName("base-hpcenvironments")
                        .withSecondaryToPrimaryMapper(base -> cache.byIndex(EnvironmentIndexes.BY_BASE,
                                        base.getMetadata().getName()).stream()
                                .filter(e -> e.getMetadata().getNamespace().equals(base.getMetadata().getNamespace()))
                                .map(ResourceID::fromResource).collect(Collectors.toSet()))
                        .build(), context);
        InformerEventSource<ClusterHpcEnvironment, HpcEnvironment> clusterBases = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(ClusterHpcEnvironment.class, HpcEnvironment.class)
                        .withName("base-clusterhpcenvironments")
                        .withSecondaryToPrimaryMapper(base -> cache.byIndex(EnvironmentIndexes.BY_BASE,
                                        base.getMetadata().getName()).stream()
                                .map(ResourceID::fromResource).collect(Collectors.toSet()))
                        .build(), context);
        InformerEventSource<SlurmCluster, HpcEnvironment> clusters = SiteVariables.informer(HpcEnvironment.class, cache, context);
        this.lookup = new EnvironmentLookup() {
            @Override
            public Optional<HpcEnvironment> namespaced(String namespace, String name) {
                return siblings.get(new ResourceID(name, namespace));
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
        return List.of(siblings, clusterBases, clusters);
    }

    @Override
    public UpdateControl<HpcEnvironment> reconcile(HpcEnvironment env, Context<HpcEnvironment> context) {
        return metrics.timeReconcile(NAME, clock, () -> reconcile(env));
    }

    public UpdateControl<HpcEnvironment> reconcile(HpcEnvironment env) {
        return update.apply(env, EnvironmentSource.namespaced(env.getMetadata().getNamespace(), env.getMetadata().getName(),
                EnvironmentStatusUpdate.specOf(env)), lookup,
                unreadable.of(env));
    }
}
