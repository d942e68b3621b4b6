package dev.hpcenv.operator.environment;

import dev.hpcenv.crd.common.ConditionReasons;
import dev.hpcenv.crd.v1alpha1.EnvironmentSpec;
import dev.hpcenv.crd.v1alpha1.EnvironmentStatus;
import dev.hpcenv.operator.events.EventRecorder;
import dev.hpcenv.operator.metrics.OperatorMetrics;
import dev.hpcenv.operator.reading.UnreadableResources;
import dev.hpcenv.operator.status.StatusComparison;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.util.List;

/**
 * The reconcile both environment kinds share: resolve the bases, build the status, record an Event
 * for a transition, and patch the status only when it changed. The kinds differ only in their name,
 * where their bases are looked up ({@link EnvironmentEventSources}) and how an object names itself
 * ({@link #source}).
 */
// A subclass per kind, not one generic class: java-operator-sdk reads the primary kind from the
// reconciler class's type argument, and the controller's name from its annotation.
public abstract sealed class EnvironmentReconciler<R extends CustomResource<EnvironmentSpec, EnvironmentStatus>>
        implements Reconciler<R> permits HpcEnvironmentReconciler, ClusterHpcEnvironmentReconciler {

    private final String name;
    private final EnvironmentEventSources<R> eventSources;
    private final EnvironmentLookup lookup;
    private final EnvironmentStatusFactory statuses;
    private final EventRecorder events;
    private final OperatorMetrics metrics;
    private final Clock clock;
    private final UnreadableResources unreadable;

    /**
     * @param lookup where bases are read: in the operator the caches of {@code eventSources}, in unit
     *               tests maps
     */
    EnvironmentReconciler(
            String name,
            EnvironmentEventSources<R> eventSources,
            EnvironmentLookup lookup,
            EventRecorder events,
            OperatorMetrics metrics,
            Clock clock,
            UnreadableResources unreadable) {
        this.name = name;
        this.eventSources = eventSources;
        this.lookup = lookup;
        this.statuses = new EnvironmentStatusFactory(clock);
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
        this.unreadable = unreadable;
    }

    /** The environment as the resolver sees it: its spec, display name and where its bases are looked up. */
    abstract EnvironmentSource source(R env);

    @Override
    public final List<EventSource<?, R>> prepareEventSources(EventSourceContext<R> context) {
        return eventSources.prepare(context);
    }

    @Override
    public final UpdateControl<R> reconcile(R env, Context<R> context) {
        return metrics.timeReconcile(name, clock, () -> resolve(env));
    }

    /** Resolves {@code env}'s bases and writes what came of it. */
    final UpdateControl<R> resolve(R env) {
        // An object the operator could not read has no spec: its problem is the outcome.
        BaseResolution resolution = unreadable
                .of(env)
                .<BaseResolution>map(u -> new BaseResolution.Failed(ConditionReasons.Environment.INVALID, u.problem()))
                .orElseGet(() -> new EnvironmentResolver(lookup).resolve(source(env)));
        EnvironmentStatus before = env.getStatus();
        EnvironmentStatus after = statuses.build(
                before, env.getMetadata().getGeneration(), resolution, new NodeVariables(lookup.siteVariables()));
        EnvironmentEvents.record(events, env, before, after);
        if (StatusComparison.same(before, after)) {
            return UpdateControl.noUpdate();
        }
        env.setStatus(after);
        return UpdateControl.patchStatus(env);
    }

    static EnvironmentSpec specOf(CustomResource<EnvironmentSpec, EnvironmentStatus> env) {
        return env.getSpec() == null ? new EnvironmentSpec() : env.getSpec();
    }
}
