package dev.hpcenv.operator.environment;

import dev.hpcenv.crd.v1alpha1.ClusterHpcEnvironment;
import dev.hpcenv.operator.events.EventRecorder;
import dev.hpcenv.operator.metrics.OperatorMetrics;
import dev.hpcenv.operator.reading.UnreadableResources;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import java.time.Clock;

/** Resolves ClusterHpcEnvironments, whose bases are cluster scoped only; a changed base wakes its dependents. */
@ControllerConfiguration(name = ClusterHpcEnvironmentReconciler.NAME)
public final class ClusterHpcEnvironmentReconciler extends EnvironmentReconciler<ClusterHpcEnvironment> {

    public static final String NAME = "clusterhpcenvironment";

    public ClusterHpcEnvironmentReconciler(
            EnvironmentEventSources<ClusterHpcEnvironment> eventSources,
            EnvironmentLookup lookup,
            EventRecorder events,
            OperatorMetrics metrics,
            Clock clock,
            UnreadableResources unreadable) {
        super(NAME, eventSources, lookup, events, metrics, clock, unreadable);
    }

    @Override
    EnvironmentSource source(ClusterHpcEnvironment env) {
        return EnvironmentSource.clusterScoped(env.getMetadata().getName(), specOf(env));
    }
}
