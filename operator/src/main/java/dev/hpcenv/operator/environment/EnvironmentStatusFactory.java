package dev.hpcenv.operator.environment;

import dev.hpcenv.crd.common.ConditionReasons;
import dev.hpcenv.crd.common.ConditionType;
import dev.hpcenv.crd.v1alpha1.EnvironmentStatus;
import dev.hpcenv.operator.status.ConditionMerger;
import dev.hpcenv.operator.status.DesiredCondition;
import java.time.Clock;
import java.util.List;

/** Builds the status of an HpcEnvironment or ClusterHpcEnvironment from a resolution. */
public final class EnvironmentStatusFactory {

    private final Clock clock;

    public EnvironmentStatusFactory(Clock clock) {
        this.clock = clock;
    }

    public EnvironmentStatus build(EnvironmentStatus previous, Long generation, Resolution resolution) {
        EnvironmentStatus status = new EnvironmentStatus();
        status.setObservedGeneration(generation);
        DesiredCondition ready;
        if (resolution instanceof Resolution.Resolved r) {
            status.setResolved(r.environment());
            status.setDigest(r.digest());
            ready = DesiredCondition.isTrue(ConditionType.READY, ConditionReasons.Environment.RESOLVED,
                    "resolved with " + (r.environment().getBases().size() - 1) + " base(s): "
                            + String.join(", ", r.environment().getBases()));
        } else {
            Resolution.Failed f = (Resolution.Failed) resolution;
            // Keep the last good resolution: jobs already submitted with it stay explainable.
            if (previous != null) {
                status.setResolved(previous.getResolved());
                status.setDigest(previous.getDigest());
            }
            ready = DesiredCondition.isFalse(ConditionType.READY, f.reason(), f.message());
        }
        status.setConditions(ConditionMerger.merge(previous == null ? List.of() : previous.getConditions(),
                List.of(ready), clock.instant(), generation));
        return status;
    }
}
