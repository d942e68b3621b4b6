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

/** Resolves ClusterHpcEnvironments, whose bases are cluster scoped only; a changed base wakes its dependents. */
@ControllerConfiguration(name = ClusterHpcEnvironmentReconciler.NAME)
public final class ClusterHpcEnvironmentReconciler implements Reconciler<ClusterHpcEnvironment> {

    public static final String NAME = "clusterhpcenvironment";

    private final EnvironmentStatusUpdate update;
    private final OperatorMetrics metrics;
    private final Clock clock;
    private volatile EnvironmentLookup lookup;

    private final dev.hpcenv.operator.reading.UnreadableResources unreadable;

    public ClusterHpcEnvironmentReconciler(EventRecorder events, OperatorMetrics metrics, Clock clock,
                    dev.hpcenv.operator.reading.UnreadableResources unreadable) {
        this.unreadable = unreadable;
        this.update = new EnvironmentStatusUpdate(events, clock);
        this.metrics = metrics;
        this.clock = clock;
    }

    /** For tests that call {@link #reconcile(ClusterHpcEnvironment)} without an operator. */
    public ClusterHpcEnvironmentReconciler withLookup(EnvironmentLookup lookup) {
        this.lookup = lookup;
        return this;
    }

    @Override
    public List<EventSource<?, ClusterHpcEnvironment>> prepareEventSources(
            EventSourceContext<ClusterHpcEnvironment> context) {
        IndexerResourceCache<ClusterHpcEnvironment> cache = context.getPrimaryCache();
        cache.addIndexer(EnvironmentIndexes.BY_BASE, EnvironmentIndexes.byBase());
        InformerEventSource<ClusterHpcEnvironment, ClusterHpcEnvironment> bases = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(ClusterHpcEnvironment.class, ClusterHpcEnvironment.class)
                        .withName("base-clusterhpcenvironments")
                        .withSecondaryToPrimaryMapper(base -> cache.byIndex(EnvironmentIndexes.BY_BASE,
                                        base.getMetadata().getName()).stream()
                                .map(ResourceID::fromResource).collect(Collectors.toSet()))
                        .build(), context);
        InformerEventSource<SlurmCluster, ClusterHpcEnvironment> clusters = SiteVariables.informer(ClusterHpcEnvironment.class, cache, context);
        this.lookup = new EnvironmentLookup() {
            @Override
            public Optional<HpcEnvironment> namespaced(String namespace, String name) {
                return Optional.empty();
            }

            @Override
            public Optional<ClusterHpcEnvironment> clusterScoped(String name) {
                return bases.get(new ResourceID(name));
            }

            @Override
            public Set<String> siteVariables() {
                return SiteVariables.of(clusters);
            }
        };
        return List.of(bases, clusters);
    }

    @Override
    public UpdateControl<ClusterHpcEnvironment> reconcile(ClusterHpcEnvironment env,
                                                          Context<ClusterHpcEnvironment> context) {
        return metrics.timeReconcile(NAME, clock, () -> reconcile(env));
    }

    public UpdateControl<ClusterHpcEnvironment> reconcile(ClusterHpcEnvironment env) {
        return update.apply(env, EnvironmentSource.clusterScoped(env.getMetadata().getName(), EnvironmentStatusUpdate.specOf(env)), lookup,
                unreadable.of(env));
    }
}
