package dev.hpcenv.operator.cluster;

import dev.hpcenv.crd.common.ConditionReasons;
import dev.hpcenv.crd.common.ConditionType;
import dev.hpcenv.crd.v1alpha1.SlurmClusterStatus;
import dev.hpcenv.operator.status.ConditionMerger;
import dev.hpcenv.operator.status.DesiredCondition;
import dev.hpcenv.operator.status.Timestamps;
import dev.hpcenv.operator.sync.SyncState;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Builds a SlurmCluster's status from a probe and the state of its job listings. */
public final class SlurmClusterStatusFactory {

    private final Clock clock;

    public SlurmClusterStatusFactory(Clock clock) {
        this.clock = clock;
    }

    public SlurmClusterStatus build(SlurmClusterStatus previous, Long generation, ClusterProbe probe,
                                    Optional<SyncState> sync) {
        SlurmClusterStatus status = new SlurmClusterStatus();
        status.setObservedGeneration(generation);
        Optional<SyncState.Failure> listingFailure = sync.flatMap(SyncState::failure);
        sync.flatMap(SyncState::latest).ifPresentOrElse(
                l -> status.setLastSyncTime(Timestamps.format(l.startedAt())),
                () -> status.setLastSyncTime(previous == null ? null : previous.getLastSyncTime()));
        DesiredCondition reachable;
        DesiredCondition ready;
        if (probe instanceof ClusterProbe.Healthy h && listingFailure.isEmpty()) {
            status.setReachable(true);
            status.setSlurmVersion(h.slurmVersion());
            status.setApiVersion(h.apiVersion());
            status.setPartitions(h.partitions());
            reachable = DesiredCondition.isTrue(ConditionType.REACHABLE, ConditionReasons.Cluster.CONNECTED,
                    "slurmrestd answers (Slurm " + h.slurmVersion() + ", API " + h.apiVersion() + ")");
            ready = DesiredCondition.isTrue(ConditionType.READY, ConditionReasons.Cluster.READY,
                    "jobs can be submitted");
        } else {
            ClusterProbe.Broken broken = probe instanceof ClusterProbe.Broken b ? b
                    : new ClusterProbe.Broken(ConditionReasons.Cluster.UNREACHABLE,
                            "job listing failing: " + listingFailure.orElseThrow().message());
            status.setReachable(false);
            if (previous != null) {
                // What was last seen stays useful while the cluster is away.
                status.setSlurmVersion(previous.getSlurmVersion());
                status.setApiVersion(previous.getApiVersion());
                status.setPartitions(previous.getPartitions());
            }
            status.setMessage(broken.message());
            boolean answered = broken.reason().equals(ConditionReasons.Cluster.UNSUPPORTED_API_VERSION);
            reachable = answered
                    ? DesiredCondition.isTrue(ConditionType.REACHABLE, ConditionReasons.Cluster.CONNECTED,
                            "slurmrestd answers")
                    : broken.reason().equals(ConditionReasons.Cluster.SECRET_NOT_FOUND)
                    ? DesiredCondition.unknown(ConditionType.REACHABLE, broken.reason(), broken.message())
                    : DesiredCondition.isFalse(ConditionType.REACHABLE, broken.reason(), broken.message());
            ready = DesiredCondition.isFalse(ConditionType.READY, broken.reason(), broken.message());
        }
        status.setConditions(ConditionMerger.merge(previous == null ? List.of() : previous.getConditions(),
                List.of(reachable, ready), clock.instant(), generation));
        return status;
    }
}
