package dev.hpcenv.operator.environment;

import dev.hpcenv.crd.v1alpha1.HpcEnvironment;
import dev.hpcenv.operator.events.EventRecorder;
import dev.hpcenv.operator.metrics.OperatorMetrics;
import dev.hpcenv.operator.reading.UnreadableResources;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import java.time.Clock;

/**
 * Resolves HpcEnvironments: bases in the namespace first, then among ClusterHpcEnvironments. A changed
 * base wakes the environments that name it; a base's own status change wakes its dependents in turn, so
 * a change deep in a chain reaches the top.
 */
@ControllerConfiguration(name = HpcEnvironmentReconciler.NAME)
public final class HpcEnvironmentReconciler extends EnvironmentReconciler<HpcEnvironment> {

    public static final String NAME = "hpcenvironment";

    public HpcEnvironmentReconciler(
            EnvironmentEventSources<HpcEnvironment> eventSources,
            EnvironmentLookup lookup,
            EventRecorder events,
            OperatorMetrics metrics,
            Clock clock,
            UnreadableResources unreadable) {
        super(NAME, eventSources, lookup, events, metrics, clock, unreadable);
    }

    @Override
    EnvironmentSource source(HpcEnvironment env) {
        return EnvironmentSource.namespaced(
                env.getMetadata().getNamespace(), env.getMetadata().getName(), specOf(env));
    }
}
