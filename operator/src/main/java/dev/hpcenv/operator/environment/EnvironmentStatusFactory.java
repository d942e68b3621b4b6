package dev.hpcenv.operator.environment;

import dev.hpcenv.crd.common.ConditionReasons;
import dev.hpcenv.crd.common.ConditionType;
import dev.hpcenv.crd.v1alpha1.EnvironmentStatus;
import dev.hpcenv.operator.status.ConditionMerger;
import dev.hpcenv.operator.status.DesiredCondition;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Builds the status of an HpcEnvironment or ClusterHpcEnvironment from a resolution. */
public final class EnvironmentStatusFactory {
    /** References listed in the VariablesDefined message; the rest are counted. */
    static final int MAX_LISTED = 10;

    private final Clock clock;

    public EnvironmentStatusFactory(Clock clock) {
        this.clock = clock;
    }

    public EnvironmentStatus build(EnvironmentStatus previous, Long generation, BaseResolution resolution) {
        return build(previous, generation, resolution, NodeVariables.withoutSite());
    }

    public EnvironmentStatus build(
            EnvironmentStatus previous, Long generation, BaseResolution resolution, NodeVariables node) {
        EnvironmentStatus status = new EnvironmentStatus();
        status.setObservedGeneration(generation);
        List<DesiredCondition> conditions = new ArrayList<>();
        DesiredCondition ready;
        if (resolution instanceof BaseResolution.Resolved r) {
            status.setResolved(r.environment());
            status.setDigest(r.digest());
            ready = DesiredCondition.isTrue(
                    ConditionType.READY,
                    ConditionReasons.Environment.RESOLVED,
                    "resolved with " + (r.environment().getBases().size() - 1) + " base(s): "
                            + String.join(", ", r.environment().getBases()));
            conditions.add(variablesDefined(UndefinedVariables.find(r.environment(), node), node));
        } else {
            BaseResolution.Failed f = (BaseResolution.Failed) resolution;
            // Keep the last good resolution: jobs already submitted with it stay explainable.
            if (previous != null) {
                status.setResolved(previous.getResolved());
                status.setDigest(previous.getDigest());
            }
            ready = DesiredCondition.isFalse(ConditionType.READY, f.reason(), f.message());
        }
        conditions.add(0, ready);
        status.setConditions(ConditionMerger.merge(
                previous == null ? List.of() : previous.getConditions(), conditions, clock.instant(), generation));
        return status;
    }

    /**
     * A warning, not a failure: the image may define the variable, and only the node knows. Ready stays
     * True so that jobs are not held back by a guess.
     */
    static DesiredCondition variablesDefined(List<UndefinedVariables.Use> undefined, NodeVariables node) {
        if (undefined.isEmpty()) {
            return DesiredCondition.isTrue(
                    ConditionType.VARIABLES_DEFINED,
                    ConditionReasons.Environment.ALL_DEFINED,
                    "every ${VAR} without a default is defined on the nodes");
        }
        String uses = undefined.stream()
                        .limit(MAX_LISTED)
                        .map(UndefinedVariables.Use::toString)
                        .collect(Collectors.joining(", "))
                + (undefined.size() > MAX_LISTED ? " and " + (undefined.size() - MAX_LISTED) + " more" : "");
        String first = undefined.get(0).name();
        return DesiredCondition.isFalse(
                ConditionType.VARIABLES_DEFINED,
                ConditionReasons.Environment.UNDEFINED_VARIABLES,
                uses + (undefined.size() == 1 ? " is" : " are") + " not defined by the job, " + node.describe()
                        + "; the job fails on the node unless the image defines "
                        + (undefined.size() == 1 ? "it" : "them")
                        + " (hint: give a default, ${" + first + ":-/some/path}, or ask the admins to add " + first
                        + " to the SlurmCluster's spec.nodeVariables if the site's shim.toml defines it)");
    }
}
