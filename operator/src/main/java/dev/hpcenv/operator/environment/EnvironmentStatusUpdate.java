package dev.hpcenv.operator.environment;

import dev.hpcenv.crd.v1alpha1.EnvironmentSpec;
import dev.hpcenv.crd.v1alpha1.EnvironmentStatus;
import dev.hpcenv.operator.events.EventRecorder;
import dev.hpcenv.operator.status.StatusComparison;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;

/**
 * The reconcile step both environment kinds share: resolve the bases, build the status, record an
 * Event for a transition, and patch the status only when it changed.
 */
final class EnvironmentStatusUpdate {
    private final EnvironmentStatusFactory statuses;
    private final EventRecorder events;

    EnvironmentStatusUpdate(EventRecorder events, Clock clock) {
        this.statuses = new EnvironmentStatusFactory(clock);
        this.events = events;
    }

    /** @param unreadable why the stored object could not be read (then it has no spec), if it could not */
    <R extends CustomResource<EnvironmentSpec, EnvironmentStatus>> UpdateControl<R> apply(
            R env, EnvironmentSource source, EnvironmentLookup lookup,
            java.util.Optional<dev.hpcenv.operator.reading.UnreadableResources.Unreadable> unreadable) {
        Resolution resolution = unreadable.<Resolution>map(u -> new Resolution.Failed(
                dev.hpcenv.crd.common.ConditionReasons.Environment.INVALID, u.problem()))
                .orElseGet(() -> new EnvironmentResolver(lookup).resolve(source));
        EnvironmentStatus before = env.getStatus();
        EnvironmentStatus after = statuses.build(before, env.getMetadata().getGeneration(), resolution,
                new NodeVariables(lookup.siteVariables()));
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
