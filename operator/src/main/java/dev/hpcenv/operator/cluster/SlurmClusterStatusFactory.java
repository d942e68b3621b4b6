package dev.hpcenv.operator.cluster;

import dev.hpcenv.crd.common.ConditionReasons;
import dev.hpcenv.crd.common.ConditionType;
import dev.hpcenv.crd.v1alpha1.SlurmClusterStatus;
import dev.hpcenv.operator.status.ConditionMerger;
import dev.hpcenv.operator.status.DesiredCondition;
import dev.hpcenv.operator.status.Timestamps;
import dev.hpcenv.operator.sync.SyncState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds a SlurmCluster's status from a probe and the state of its job listings. */
public final class SlurmClusterStatusFactory {

    private final Clock clock;

    public SlurmClusterStatusFactory(Clock clock) {
        this.clock = clock;
    }

    /** The status as it was, with Ready=Unknown/InternalError: a defect of the operator met this cluster. */
    public SlurmClusterStatus internalError(SlurmClusterStatus previous, Long generation, String message) {
        SlurmClusterStatus status = new SlurmClusterStatus();
        status.setObservedGeneration(generation);
        if (previous != null) {
            status.setReachable(previous.getReachable());
            status.setSlurmVersion(previous.getSlurmVersion());
            status.setApiVersion(previous.getApiVersion());
            status.setOfferedApiVersions(previous.getOfferedApiVersions());
            status.setPartitions(previous.getPartitions());
            status.setLastSyncTime(previous.getLastSyncTime());
        }
        status.setMessage(message);
        status.setConditions(ConditionMerger.merge(
                previous == null ? List.of() : previous.getConditions(),
                List.of(DesiredCondition.unknown(
                        ConditionType.READY, ConditionReasons.Cluster.INTERNAL_ERROR, message)),
                clock.instant(),
                generation));
        return status;
    }

    /**
     * @param deniedMappings one line per user mapping to a denied user: a healthy cluster is then
     *                       Ready=False {@code UserMappingDenied}, while the other namespaces' jobs go on
     */
    public SlurmClusterStatus build(
            SlurmClusterStatus previous,
            Long generation,
            ClusterProbe probe,
            Optional<SyncState> sync,
            List<String> deniedMappings) {
        SlurmClusterStatus status = new SlurmClusterStatus();
        status.setObservedGeneration(generation);
        Optional<SyncState.Failure> listingFailure = sync.flatMap(SyncState::failure);
        sync.flatMap(SyncState::latest)
                .ifPresentOrElse(
                        l -> status.setLastSyncTime(Timestamps.format(l.startedAt())),
                        () -> status.setLastSyncTime(previous == null ? null : previous.getLastSyncTime()));
        DesiredCondition reachable;
        DesiredCondition ready;
        Optional<DesiredCondition> apiVersionCurrent;
        if (probe instanceof ClusterProbe.Healthy h && listingFailure.isEmpty()) {
            status.setReachable(true);
            status.setSlurmVersion(h.slurmVersion());
            status.setApiVersion(h.apiVersion());
            status.setOfferedApiVersions(h.offeredApiVersions());
            status.setPartitions(h.partitions());
            apiVersionCurrent = Optional.of(apiVersionCurrent(h));
            reachable = DesiredCondition.isTrue(
                    ConditionType.REACHABLE,
                    ConditionReasons.Cluster.CONNECTED,
                    "slurmrestd answers (Slurm " + h.slurmVersion() + ", API " + h.apiVersion() + ")");
            if (deniedMappings.isEmpty()) {
                ready = DesiredCondition.isTrue(
                        ConditionType.READY, ConditionReasons.Cluster.READY, "jobs can be submitted");
            } else {
                status.setMessage(String.join("; ", deniedMappings));
                ready = DesiredCondition.isFalse(
                        ConditionType.READY,
                        ConditionReasons.Cluster.USER_MAPPING_DENIED,
                        String.join("; ", deniedMappings) + " (the other namespaces' jobs are submitted)");
            }
        } else {
            ClusterProbe.Broken broken = probe instanceof ClusterProbe.Broken b
                    ? b
                    : new ClusterProbe.Broken(
                            ConditionReasons.Cluster.UNREACHABLE,
                            "job listing failing: "
                                    + listingFailure.orElseThrow().message());
            status.setReachable(false);
            if (previous != null) {
                // What was last seen stays useful while the cluster is away.
                status.setSlurmVersion(previous.getSlurmVersion());
                status.setApiVersion(previous.getApiVersion());
                status.setOfferedApiVersions(previous.getOfferedApiVersions());
                status.setPartitions(previous.getPartitions());
            }
            apiVersionCurrent = lastSeen(previous, ConditionType.API_VERSION_CURRENT);
            status.setMessage(broken.message());
            boolean answered = broken.reason().equals(ConditionReasons.Cluster.UNSUPPORTED_API_VERSION);
            reachable = answered
                    ? DesiredCondition.isTrue(
                            ConditionType.REACHABLE, ConditionReasons.Cluster.CONNECTED, "slurmrestd answers")
                    : broken.reason().equals(ConditionReasons.Cluster.SECRET_NOT_FOUND)
                                    || broken.reason().equals(ConditionReasons.Cluster.INVALID_SPEC)
                                    || broken.reason().equals(ConditionReasons.Cluster.USER_MAPPING_DENIED)
                            ? DesiredCondition.unknown(ConditionType.REACHABLE, broken.reason(), broken.message())
                            : DesiredCondition.isFalse(ConditionType.REACHABLE, broken.reason(), broken.message());
            ready = DesiredCondition.isFalse(ConditionType.READY, broken.reason(), broken.message());
        }
        List<DesiredCondition> desired = new ArrayList<>(List.of(reachable));
        apiVersionCurrent.ifPresent(desired::add);
        desired.add(ready);
        status.setConditions(ConditionMerger.merge(
                previous == null ? List.of() : previous.getConditions(), desired, clock.instant(), generation));
        return status;
    }

    /** A warning only: a deprecated version still works, so Ready does not depend on it. */
    private static DesiredCondition apiVersionCurrent(ClusterProbe.Healthy h) {
        return h.deprecation()
                .map(why -> DesiredCondition.isFalse(
                        ConditionType.API_VERSION_CURRENT, ConditionReasons.Cluster.API_VERSION_DEPRECATED, why))
                .orElseGet(() -> DesiredCondition.isTrue(
                        ConditionType.API_VERSION_CURRENT,
                        ConditionReasons.Cluster.API_VERSION_SUPPORTED,
                        "Slurm " + h.slurmVersion() + " does not deprecate " + h.apiVersion()));
    }

    /** While the cluster is away, what was last seen of it stays, with the time it last changed. */
    private static Optional<DesiredCondition> lastSeen(SlurmClusterStatus previous, ConditionType type) {
        if (previous == null) {
            return Optional.empty();
        }
        return previous.getConditions().stream()
                .filter(c -> type.wire().equals(c.getType()))
                .findFirst()
                .map(c -> new DesiredCondition(type, c.getStatus(), c.getReason(), c.getMessage()));
    }
}
